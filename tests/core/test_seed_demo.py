"""`seed_demo` fills the platform with labelled demo content, and running it twice changes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()
            if model._meta.app_label not in {"sessions", "admin"}}


def test_seed_demo_twice_gives_the_same_counts():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    assert first["core.User"] >= 4


def test_seed_demo_prints_one_login_per_role():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    for role in ("Dezernat", "Planung", "Organisationsmitglied"):
        assert role in text
    assert "planung@demo.hannover-teilhabe.de" in text
    assert "Passwort: Demo-Teilhabe-2026" in text


def test_demo_logins_work(client):
    call_command("seed_demo", stdout=StringIO())
    response = client.post("/konto/login/", {"login": "planung@demo.hannover-teilhabe.de",
                                             "password": "Demo-Teilhabe-2026"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_demo_content_is_marked_on_the_start_page(client):
    call_command("seed_demo", stdout=StringIO())
    page = client.get("/").content.decode()
    assert "Demo-Inhalte" in page


@pytest.mark.django_db(transaction=True)
def test_seeding_mails_nobody_so_make_run_ends_with_the_logins(capsys, settings):
    from django.core import mail

    from core.models import OutboxMessage

    settings.CELERY_TASK_ALWAYS_EAGER = True  # as `make run`: side effects run in the process at commit
    call_command("seed_demo")
    assert OutboxMessage.objects.exists()  # the demo's story has followers to tell …
    assert mail.outbox == []  # … but none of its made-up addresses gets a mail
    assert capsys.readouterr().out.rstrip().splitlines()[-1].endswith("Passwort: Demo-Teilhabe-2026")
