import pytest

from tests.actionplan.factories import make_measure, open_period


@pytest.fixture
def period(db):
    return open_period()


@pytest.fixture
def measure(planner, period):
    return make_measure(by=planner)


@pytest.fixture
def draft(planner):
    return make_measure(by=planner, title="Geheimer Entwurf", publication="entwurf")


@pytest.fixture
def mail_on_commit(django_capture_on_commit_callbacks):
    """Run the after-commit e-mails inside the test transaction."""
    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)
    return run


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The matrices create many users; the slow production hasher would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
