"""Shared fixtures: people in every role, a real Celery worker, and a real Chromium."""

import os
import subprocess
from pathlib import Path

import pytest

from tests.factories import PASSWORD, DepartmentFactory, PlannerFactory, UserFactory, member_of

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The .mo catalogues are committed, but one older than its .po is compiled afresh for a plain pytest run.
for _po in (Path(__file__).resolve().parent.parent / "locale").glob("*/LC_MESSAGES/django.po"):
    _mo = _po.with_suffix(".mo")
    if not _mo.exists() or _mo.stat().st_mtime < _po.stat().st_mtime:
        subprocess.run(["msgfmt", "--check", "-o", str(_mo), str(_po)], check=True)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _master_data(request):
    """Areas, groups and master data come from a data migration; a transactional test's flush
    removes them, so tests that use the database get them back before they start."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps

    from core.masterdata import load_master_data
    from core.models import Area

    if not Area.objects.exists():
        load_master_data(apps)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def planner(db):
    return PlannerFactory(display_name="Petra Planung")


@pytest.fixture
def department(db):
    return DepartmentFactory(display_name="Dieter Dezernat")


@pytest.fixture
def member(db):
    return member_of(display_name="Mona Mitglied")


@pytest.fixture
def unconfirmed_member(db):
    return member_of(confirmed=False, display_name="Uwe Unbestätigt")


@pytest.fixture
def plain_user(db):
    return UserFactory(display_name="Paula Privat")


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def users_by_role(planner, department, member, unconfirmed_member, plain_user, anonymous):
    """Every kind of visitor, for permission matrices."""
    return {
        "dezernat": department,
        "planung": planner,
        "mitglied": member,
        "unbestaetigt": unconfirmed_member,
        "angemeldet": plain_user,
        "oeffentlich": anonymous,
    }


@pytest.fixture(autouse=True)
def _no_cached_demo_flag():
    """A test's rollback sends no signals: the demo banner's cached answer must not outlive it."""
    from django.core.cache import cache

    from core.context_processors import DEMO_CONTENT_KEY

    cache.delete(DEMO_CONTENT_KEY)
    yield
    cache.delete(DEMO_CONTENT_KEY)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Role matrices create many people; real hashing costs seconds and proves nothing there.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_in_process(settings):
    """Tasks run in-process unless a test asks for the real worker (`celery_worker_live`)."""
    from hannover_teilhabe.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def celery_worker_live(transactional_db):
    """A real Celery worker thread consuming from the Redis broker configured for the run."""
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings as dj_settings

    from hannover_teilhabe.celery import app

    if not dj_settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.fail("Für diesen Test muss CELERY_BROKER_URL auf Redis zeigen (make test setzt das).")
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield app
    app.conf.task_always_eager = True


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, user, password=PASSWORD):
    page.goto("/konto/login/")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(lambda url: "/konto/login/" not in url)


@pytest.fixture
def login():
    return log_in


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the shared cache (Redis in the test run) and would outlast a
    test; each test starts with none. Only this cache's keys go, never the broker's queue."""
    from django.conf import settings as dj_settings
    from django.core.cache import cache

    if "Redis" in dj_settings.CACHES["default"]["BACKEND"]:
        cache.clear()
