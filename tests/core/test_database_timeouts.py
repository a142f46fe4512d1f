"""A locked table makes requests give up quickly, in German, with nothing half-written."""

import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from actionplan.models import Comment, Response
from tests.actionplan.factories import make_measure, open_period
from tests.factories import PlannerFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def short_lock_timeout():
    # The settings' limits apply to new connections; the test shortens them on its own one.
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '700ms'")
    yield
    connection.close()


@pytest.fixture
def locked_comments():
    """A second connection, as a long migration or a stuck admin session would, holds the table."""
    other = psycopg.connect(dbname=connection.settings_dict["NAME"], user=connection.settings_dict["USER"],
                            host=connection.settings_dict["HOST"], port=connection.settings_dict["PORT"] or 5432)
    other.execute("LOCK TABLE actionplan_comment IN ACCESS EXCLUSIVE MODE")
    yield
    other.rollback()
    other.close()


def test_web_connections_carry_statement_and_lock_timeouts():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extract(epoch FROM current_setting('statement_timeout')::interval) * 1000, "
                       "extract(epoch FROM current_setting('lock_timeout')::interval) * 1000")
        statement, lock = cursor.fetchone()
    assert int(statement) == settings.DATABASE_STATEMENT_TIMEOUT_MS > 0
    assert int(lock) == settings.DATABASE_LOCK_TIMEOUT_MS > 0


def test_a_comment_sent_while_its_table_is_locked_answers_in_german_and_keeps_the_text(
        client, short_lock_timeout, locked_comments):
    open_period()
    measure = make_measure(by=PlannerFactory(), title="Schuldnerberatung im Stadtteil")
    member = member_of()
    client.force_login(member)
    text = "Bitte auch Termine am Samstag anbieten."

    started = time.monotonic()
    response = client.post(reverse("actionplan:comment_create", args=[measure.reference]),
                           {"organisation": member.memberships.first().organisation_id,
                            "position": "zustimmung", "text": text})

    page = response.content.decode()
    assert time.monotonic() - started < 10
    assert response.status_code == 503
    assert "Es wurde nichts gespeichert." in page
    assert text in page
    assert response["Retry-After"]


def _lock(table):
    other = psycopg.connect(dbname=connection.settings_dict["NAME"], user=connection.settings_dict["USER"],
                            host=connection.settings_dict["HOST"], port=connection.settings_dict["PORT"] or 5432)
    other.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    return other


@pytest.mark.parametrize("table", ["django_session", "core_user"])
def test_a_comment_keeps_its_text_when_the_sessions_or_accounts_table_is_locked(client, short_lock_timeout, table):
    # Every page asks these tables who is signed in, the timeout page too if it is not careful.
    open_period()
    measure = make_measure(by=PlannerFactory(), title="Schuldnerberatung im Stadtteil")
    member = member_of(display_name="Mona Mitglied")
    client.force_login(member)
    text = "Bitte auch Termine am Samstag anbieten."
    other = _lock(table)
    try:
        response = client.post(reverse("actionplan:comment_create", args=[measure.reference]),
                               {"organisation": member.memberships.first().organisation_id,
                                "position": "zustimmung", "text": text})
    finally:
        other.rollback()
        other.close()

    page = response.content.decode()
    assert response.status_code == 503
    assert "Es wurde nichts gespeichert." in page and text in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert not Comment.objects.exists()


def test_the_start_page_gives_up_instead_of_waiting_behind_the_lock(client, short_lock_timeout, locked_comments):
    response = client.get("/")
    assert response.status_code == 503
    assert "zu lange beschäftigt" in response.content.decode()


def test_a_statement_timeout_gives_the_same_german_page(client, locked_comments):
    # No lock limit this time: the statement limit is what ends the wait (SQLSTATE 57014).
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = 0")
        cursor.execute("SET statement_timeout = '700ms'")
    try:
        response = client.get("/")
    finally:
        connection.close()

    assert response.status_code == 503
    assert response["X-Not-Saved"] == "timeout"
    assert "Es wurde nichts gespeichert." in response.content.decode()


def test_nothing_is_half_written_when_the_lock_times_out(client, short_lock_timeout):
    open_period()
    planner = PlannerFactory()
    measure = make_measure(by=planner, title="Schuldnerberatung im Stadtteil")
    member = member_of()
    comment = Comment.objects.create(measure=measure, author=member, text="Gute Idee.", position="zustimmung",
                                     organisation=member.memberships.first().organisation)
    client.force_login(planner)
    other = psycopg.connect(dbname=connection.settings_dict["NAME"], user=connection.settings_dict["USER"],
                            host=connection.settings_dict["HOST"], port=connection.settings_dict["PORT"] or 5432)
    # The response row is written first, then the outbox row; lock only the outbox table.
    other.execute("LOCK TABLE core_outboxmessage IN ACCESS EXCLUSIVE MODE")
    try:
        response = client.post(reverse("actionplan:comment_respond", args=[comment.pk]),
                               {"disposition": "kenntnis", "reasoning": "Wir prüfen das."})
    finally:
        other.rollback()
        other.close()

    assert response.status_code == 503
    assert "Wir prüfen das." in response.content.decode()
    assert not Response.objects.filter(comment=comment).exists()


def test_an_import_that_times_out_keeps_its_pending_upload_for_a_retry(client, short_lock_timeout, settings,
                                                                       tmp_path):
    import io

    from core.models import PendingUpload
    from tests.workshops.factories import EventFactory, WorkshopFactory
    from workshops.models import Outcome

    settings.MEDIA_ROOT = tmp_path
    workshop = WorkshopFactory(event=EventFactory(is_public=True), number=1, title="Wohnen und Quartier")
    client.force_login(PlannerFactory())
    url = reverse("workshops:outcome_import", args=[workshop.pk])
    file = io.BytesIO(b"Art;Titel\nerfolgreich;Stadtteiltreff\ndringend;Energieschulden\n")
    file.name = "ergebnisse.csv"
    assert client.post(url, {"file": file}).status_code == 200

    other = psycopg.connect(dbname=connection.settings_dict["NAME"], user=connection.settings_dict["USER"],
                            host=connection.settings_dict["HOST"], port=connection.settings_dict["PORT"] or 5432)
    other.execute("LOCK TABLE workshops_outcome IN ACCESS EXCLUSIVE MODE")
    try:
        refused = client.post(url, {"bestaetigen": "1"})
    finally:
        other.rollback()
        other.close()

    # The import's own confirmation catches the timeout: the planner stays on the import page with
    # a German "nothing saved, try again" and the same pending upload, ready for the next click.
    assert refused.status_code in (302, 422)
    page = client.get(refused["Location"]).content.decode() if refused.status_code == 302 else refused.content.decode()
    assert "es wurde nichts gespeichert" in page
    assert Outcome.objects.count() == 0
    assert PendingUpload.objects.count() == 1
    # Once the lock is gone, the same pending upload is confirmed without uploading again.
    assert client.post(url, {"bestaetigen": "1"}).status_code == 302
    assert set(Outcome.objects.values_list("title", flat=True)) == {"Stadtteiltreff", "Energieschulden"}


def test_the_worker_gets_its_own_longer_limits():
    from celery.signals import celeryd_init

    database = settings.DATABASES["default"]
    web_options = database["OPTIONS"]["options"]
    try:
        celeryd_init.send(sender="celery@test", instance=None, conf=None, options={})
        assert f"statement_timeout={settings.WORKER_DATABASE_STATEMENT_TIMEOUT_MS}" in database["OPTIONS"]["options"]
        assert f"lock_timeout={settings.WORKER_DATABASE_LOCK_TIMEOUT_MS}" in database["OPTIONS"]["options"]
    finally:
        database["OPTIONS"]["options"] = web_options
    assert settings.WORKER_DATABASE_STATEMENT_TIMEOUT_MS > settings.DATABASE_STATEMENT_TIMEOUT_MS
