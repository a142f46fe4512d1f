"""Redis is down: pages still render, saves still succeed at once, and the mails follow later, once."""

import logging
import socket
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from actionplan.models import Comment, Follow, Measure, Response
from core import outbox
from core.models import OutboxMessage
from tests.actionplan.factories import make_comment, make_measure, open_period
from tests.actionplan.formdata import form_data
from tests.factories import DepartmentFactory, PlannerFactory, member_of

# Port 1 (tcpmux) is privileged and unused: the connection is refused at once, as when Redis is stopped.
CLOSED_BROKER = "redis://127.0.0.1:1/0"
PROMPT = 3.0


def _switch_broker(app, url):
    app.conf.broker_url = app.conf.broker_write_url = app.conf.broker_read_url = url
    # Celery caches its connection and producer pools per broker address.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_at(url):
    from hannover_teilhabe.celery import app

    previous = app.conf.broker_url
    app.conf.task_always_eager = False
    _switch_broker(app, url)
    try:
        yield app
    finally:
        _switch_broker(app, previous)
        app.conf.task_always_eager = True


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _wait_for_mails(count, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(mail.outbox) < count:
        time.sleep(0.2)
    return list(mail.outbox)


@pytest.fixture
def silent_redis():
    """A Redis that takes the connection and then never answers (hung, or its host overloaded):
    every call waits for the whole socket timeout, unlike a refused connection."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.1)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join(timeout=5)
    for connection in held:
        connection.close()
    server.close()


@pytest.fixture
def consultation(transactional_db):
    open_period()
    planner = PlannerFactory(display_name="Petra Planung")
    member = member_of(display_name="Mona Mitglied")
    measure = make_measure(by=planner, title="Stadtteilmütter in Linden")
    Follow.objects.create(user=member, measure=measure)
    comment = make_comment(measure=measure, author=member, text="Bitte auch in Mühlenberg anbieten.")
    return planner, member, measure, comment


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_while_the_broker_is_down_pages_render_and_saves_succeed_and_the_mails_follow_once(
        client, consultation, settings):
    planner, member, measure, comment = consultation
    from django.conf import settings as dj_settings

    if not dj_settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.fail("Für diesen Test muss CELERY_BROKER_URL auf Redis zeigen (make test setzt das).")

    with broker_at(CLOSED_BROKER):
        for url in ["/", reverse("workshops:index"), reverse("actionplan:index"), measure.get_absolute_url(),
                    reverse("statistics:index"), reverse("reports:index")]:
            assert client.get(url).status_code == 200, url

        client.force_login(planner)
        edit_url = reverse("actionplan:measure_edit", args=[measure.reference])
        data = form_data(client.get(edit_url).content.decode())
        data["status"] = [Measure.Status.IMPLEMENTATION]
        saved, seconds = _timed(lambda: client.post(edit_url, data))
        assert saved.status_code == 302 and seconds < PROMPT, seconds

        answered, seconds = _timed(lambda: client.post(
            reverse("actionplan:comment_respond", args=[comment.pk]),
            {"disposition": "kenntnis", "reasoning": "Wird in Mühlenberg geprüft."}))
        assert answered.status_code == 302 and seconds < PROMPT, seconds

        client.force_login(member)
        commented, seconds = _timed(lambda: client.post(
            reverse("actionplan:comment_create", args=[measure.reference]),
            {"organisation": member.memberships.first().organisation_id, "position": "zustimmung",
             "text": "Wir helfen bei der Werbung."}))
        assert commented.status_code == 302 and seconds < PROMPT, seconds
        # The follow-up page says it was saved; nothing says otherwise.
        page = client.get(commented["Location"]).content.decode()
        assert "nicht gespeichert" not in page

        measure.refresh_from_db()
        assert measure.status == Measure.Status.IMPLEMENTATION
        assert Response.objects.filter(comment=comment).exists()
        assert Comment.objects.filter(text="Wir helfen bei der Werbung.").exists()
        assert mail.outbox == []
        assert not outbox.pending().filter(published_at__isnull=False).exists()
        waiting = list(outbox.pending().values_list("handler", flat=True))
        assert "actionplan.tasks.notify_status_change" in waiting
        assert "actionplan.tasks.notify_comment_answered" in waiting
        # The beat task tries again and is refused again, without losing anything.
        assert outbox.resend_pending(min_age=timedelta(0)) == 0
        assert outbox.pending().count() == len(waiting)

    from celery.contrib.testing.worker import start_worker

    with broker_at(dj_settings.CELERY_BROKER_URL) as app:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            assert outbox.resend_pending(min_age=timedelta(0)) == len(waiting)
            mails = _wait_for_mails(2)
            deadline = time.monotonic() + 10
            while outbox.pending().exists() and time.monotonic() < deadline:
                time.sleep(0.2)

    subjects = sorted(message.subject for message in mails)
    assert len(mails) == 2, subjects
    assert any("Status jetzt" in subject for subject in subjects)
    assert any("Antwort der Verwaltung" in subject for subject in subjects)
    assert all(message.to == [member.email] for message in mails)
    assert not outbox.pending().exists()
    # A second copy of a delivered message (a resend, a redelivery) sends nothing.
    for message_id in OutboxMessage.objects.values_list("pk", flat=True):
        assert outbox.deliver(message_id) is False
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_report_page_says_once_that_the_build_cannot_start_and_it_starts_when_the_broker_is_back(
        client, transactional_db, settings, tmp_path):
    from tests.factories import DepartmentFactory

    settings.MEDIA_ROOT = tmp_path
    client.force_login(DepartmentFactory())
    with broker_at(CLOSED_BROKER):
        response, seconds = _timed(lambda: client.post(reverse("reports:start"), {"states": ["beschlossen"]},
                                                       follow=True))
    page = response.content.decode()
    assert seconds < PROMPT
    assert "kann gerade nicht starten" in page
    assert "wird erstellt" not in page
    assert "nicht erreichbar ist" in page and page.count("message--") == 1

    # Without a broker (the embedded default) the outbox runs it here, after the commit.
    assert outbox.deliver_pending_here() == 1
    from reports.models import ReportExport

    assert ReportExport.objects.get().status == ReportExport.Status.DONE


@pytest.mark.django_db(transaction=True)
def test_a_save_with_two_side_effects_waits_for_a_silent_broker_once(client, transactional_db, silent_redis):
    # Adopting a measure and changing its status queues two mails; the broker answers neither.
    open_period()
    department = DepartmentFactory(display_name="Dora Dezernat")
    measure = make_measure(by=department, title="Stadtteilmütter in Linden")
    client.force_login(department)
    edit_url = reverse("actionplan:measure_edit", args=[measure.reference])
    data = form_data(client.get(edit_url).content.decode())
    data["status"] = [Measure.Status.IMPLEMENTATION]
    data["publication_state"] = [Measure.Publication.ADOPTED]

    with broker_at(silent_redis):
        saved, seconds = _timed(lambda: client.post(edit_url, data))

    assert saved.status_code == 302 and seconds < PROMPT, seconds
    measure.refresh_from_db()
    assert measure.status == Measure.Status.IMPLEMENTATION
    assert measure.publication_state == Measure.Publication.ADOPTED
    # Both wait for the resend; neither counts as handed over.
    assert set(outbox.pending().filter(published_at__isnull=True).values_list("handler", flat=True)) == {
        "actionplan.tasks.notify_status_change", "actionplan.tasks.notify_publication_change"}


@pytest.mark.django_db(transaction=True)
def test_a_silent_cache_costs_a_page_one_wait_not_one_per_lookup(client, transactional_db, settings, silent_redis,
                                                                  caplog):
    open_period()
    measure = make_measure(by=PlannerFactory(), title="Stadtteilmütter in Linden")
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": silent_redis}}

    with caplog.at_level(logging.WARNING, logger="hannover_teilhabe.cache"):
        for url in ["/", reverse("actionplan:index"), measure.get_absolute_url()]:
            response, seconds = _timed(lambda url=url: client.get(url))
            assert response.status_code == 200 and seconds < PROMPT, (url, seconds)

    # One lookup found Redis silent; the others in the next seconds did not ask it again.
    assert len([record for record in caplog.records if "Cache nicht erreichbar" in record.getMessage()]) == 1


@pytest.mark.django_db(transaction=True)
def test_an_implementation_report_that_cannot_start_is_announced_as_a_warning_only(
        client, transactional_db, settings, tmp_path):
    from tests.factories import DepartmentFactory

    settings.MEDIA_ROOT = tmp_path
    client.force_login(DepartmentFactory())
    with broker_at(CLOSED_BROKER):
        response = client.post(reverse("reports:start_implementation"),
                               {"date_from": "2026-01-01", "date_to": "2026-06-30"}, follow=True)
    page = response.content.decode()
    assert "kann gerade nicht starten" in page
    assert "message--warning" in page and "message--success" not in page
    assert page.count("message--") == 1


def test_the_error_page_does_not_claim_that_nothing_was_saved(rf):
    # An error after the commit (a fault in the page that follows a save) leaves the change saved;
    # the error page cannot know, so it asks the person to look before sending again.
    from django.views.defaults import server_error

    page = server_error(rf.post("/aktionsplan/M-2026-001/bearbeiten/")).content.decode()

    assert "nicht gespeichert" not in page
    assert "ob Ihre Eingaben schon gespeichert sind" in page
