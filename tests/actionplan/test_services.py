import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from actionplan import services
from actionplan.models import Comment, Follow, Measure, Response, StatusChange
from tests.actionplan.factories import closed_period, make_comment, make_measure
from tests.factories import PlannerFactory, member_of


def test_reference_numbers_count_up_per_year(planner, period):
    first = make_measure(by=planner)
    second = make_measure(by=planner, title="Zweite")
    year = first.created_at.year
    assert first.reference == f"M-{year}-001"
    assert second.reference == f"M-{year}-002"


def test_reference_retries_when_the_number_was_just_taken(planner, monkeypatch):
    taken = make_measure(by=planner)
    calls = []
    real = services._next_reference

    def stale_first(year):
        calls.append(year)
        return taken.reference if len(calls) == 1 else real(year)

    monkeypatch.setattr(services, "_next_reference", stale_first)
    other = make_measure(by=planner, title="Gleichzeitig angelegt")
    assert other.reference != taken.reference
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_gives_unique_references(planner):
    if connection.vendor != "postgresql":
        pytest.skip("Nebenläufigkeit wird auf PostgreSQL geprüft.")
    errors, barrier = [], threading.Barrier(4)

    def create(n):
        try:
            barrier.wait()
            make_measure(by=planner, title=f"Parallel {n}")
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = list(Measure.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 4


def test_status_change_writes_history_and_notifies_followers(planner, measure, member, mail_on_commit):
    Follow.objects.create(user=member, measure=measure)
    mail_on_commit(services.measure_change_status, measure=measure, status=Measure.Status.PLANNING, by=planner,
                   note="Träger gefunden")
    history = list(StatusChange.objects.filter(measure=measure).values_list("status", flat=True))
    assert history == ["idee", "planung"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "in Planung" in message.subject
    assert "Träger gefunden" in message.body
    assert measure.get_absolute_url() in message.body


def test_follower_who_changes_the_status_gets_no_mail(planner, measure, mail_on_commit):
    Follow.objects.create(user=planner, measure=measure)
    mail_on_commit(services.measure_change_status, measure=measure, status=Measure.Status.PLANNING, by=planner)
    assert mail.outbox == []


def _input(**fields):
    return services.MeasureInput(fields=fields)


def test_optimistic_lock_refuses_the_stale_save_and_names_the_change(planner, department, measure):
    opened_at = measure.version
    services.measure_update(measure=measure, data=_input(title="Titel von Dieter"), based_on_version=opened_at,
                            by=department)
    with pytest.raises(services.StaleMeasureError) as caught:
        services.measure_update(measure=measure, data=_input(title="Titel von Petra", summary="Neu"),
                                based_on_version=opened_at, by=planner)
    error = caught.value
    assert [(c.label, c.theirs, c.yours) for c in error.conflicts] == [("Titel", "Titel von Dieter", "Titel von Petra")]
    assert error.editors == [department]
    measure.refresh_from_db()
    assert measure.title == "Titel von Dieter"
    assert measure.summary != "Neu"


def test_save_based_on_the_current_version_succeeds_and_bumps_it(planner, measure):
    saved = services.measure_update(measure=measure, data=_input(title="Neu"), based_on_version=measure.version,
                                    by=planner)
    assert saved.version == measure.version + 1
    assert saved.history.count() == 2


def test_planner_cannot_adopt_but_department_can(planner, department, measure):
    with pytest.raises(PermissionDenied):
        services.measure_update(measure=measure, data=_input(publication_state="beschlossen"),
                                based_on_version=measure.version, by=planner)
    measure.refresh_from_db()
    adopted = services.measure_update(measure=measure, data=_input(publication_state="beschlossen"),
                                      based_on_version=measure.version, by=department)
    assert adopted.publication_state == "beschlossen"


def test_comment_outside_the_period_is_refused(planner, member):
    closed_period()
    measure = make_measure(by=planner)
    organisation = member.memberships.first().organisation
    with pytest.raises(ValidationError, match="Beteiligungsphase ist nicht geöffnet"):
        services.comment_create(measure=measure, author=member, organisation=organisation, text="Hallo",
                                position="zustimmung")
    assert Comment.objects.count() == 0


def test_comment_on_a_draft_is_refused(planner, member, period):
    draft = make_measure(by=planner, publication="entwurf")
    with pytest.raises(ValidationError):
        services.comment_create(measure=draft, author=member, organisation=member.memberships.first().organisation,
                                text="Hallo", position="zustimmung")


def test_comment_needs_position_and_own_organisation(member, measure):
    foreign = member_of().memberships.first().organisation
    with pytest.raises(ValidationError) as caught:
        services.comment_create(measure=measure, author=member, organisation=foreign, text="Hallo")
    assert set(caught.value.error_dict) == {"organisation", "position"}


def test_reply_to_a_reply_is_refused(member, measure):
    top = make_comment(measure=measure, author=member)
    reply = make_comment(measure=measure, author=member, parent=top)
    with pytest.raises(ValidationError, match="nicht weiter geantwortet"):
        services.comment_create(measure=measure, author=member, organisation=top.organisation, text="x", parent=reply)


def test_hide_keeps_replies_and_tells_the_author(planner, member, measure, mail_on_commit):
    top = make_comment(measure=measure, author=member, text="Unfreundlich")
    reply = make_comment(measure=measure, author=member_of(), text="Sachliche Antwort", parent=top)
    services.comment_report(comment=top, by=planner, reason="Beleidigung")
    mail_on_commit(services.comment_hide, comment=top, by=planner, reason="Beleidigung")
    top.refresh_from_db()
    assert top.is_hidden
    assert Comment.objects.filter(pk=reply.pk, hidden_at__isnull=True).exists()
    assert not top.reports.filter(resolved_at__isnull=True).exists()
    assert mail.outbox[0].to == [member.email]
    assert "ausgeblendet" in mail.outbox[0].subject
    mail_on_commit(services.comment_restore, comment=top, by=planner)
    top.refresh_from_db()
    assert not top.is_hidden
    assert "wieder sichtbar" in mail.outbox[1].subject


def test_disposition_is_recorded_and_the_author_told(planner, member, measure, mail_on_commit):
    comment = make_comment(measure=measure, author=member)
    mail_on_commit(services.response_save, comment=comment, disposition="teilweise",
                   reasoning="Teilweise übernommen, weil …", by=planner)
    response = Response.objects.get(comment=comment)
    assert response.get_disposition_display() == "teilweise übernommen"
    assert response.responded_by == planner
    assert mail.outbox[0].to == [member.email]
    assert "teilweise übernommen" in mail.outbox[0].body


def test_response_needs_reasoning(planner, member, measure):
    comment = make_comment(measure=measure, author=member)
    with pytest.raises(ValidationError):
        services.response_save(comment=comment, disposition="uebernommen", reasoning="  ", by=planner)
    assert not Response.objects.exists()


def test_reporting_twice_is_refused(member, measure, plain_user):
    comment = make_comment(measure=measure, author=member)
    services.comment_report(comment=comment, by=plain_user, reason="Spam")
    with pytest.raises(ValidationError):
        services.comment_report(comment=comment, by=plain_user, reason="Spam")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_status_mail_goes_through_the_real_worker(celery_worker_live, planner, member):
    import time

    from tests.actionplan.factories import open_period

    open_period()
    measure = make_measure(by=planner)
    Follow.objects.create(user=member, measure=measure)
    services.measure_change_status(measure=measure, status=Measure.Status.IMPLEMENTATION, by=planner)
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "in Umsetzung" in mail.outbox[0].subject


def test_follower_who_can_no_longer_see_the_measure_gets_no_status_mail(planner, measure, member, mail_on_commit):
    colleague = PlannerFactory()
    Follow.objects.create(user=member, measure=measure)
    Follow.objects.create(user=colleague, measure=measure)
    data = services.MeasureInput(fields={"publication_state": Measure.Publication.DRAFT,
                                         "status": Measure.Status.PLANNING})
    mail_on_commit(services.measure_update, measure=measure, data=data, based_on_version=measure.version, by=planner)
    # Back in draft, the measure is hidden from the member: the mail would reveal it anyway.
    assert [message.to for message in mail.outbox] == [[colleague.email]]
