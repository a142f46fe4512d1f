"""Followers hear when a measure goes into consultation or is adopted, if they may see it."""

from django.core import mail
from django.urls import reverse

from actionplan import services, tasks
from actionplan.models import Follow, Measure
from tests.actionplan.test_admin import _admin_post
from tests.factories import DepartmentFactory, member_of


def _set_state(measure, state, by, mail_on_commit):
    measure.refresh_from_db()
    data = services.MeasureInput(fields={"publication_state": state})
    return mail_on_commit(services.measure_update, measure=measure, data=data, based_on_version=measure.version,
                          by=by)


def test_followers_hear_when_the_department_adopts_a_measure(department, member, measure, mail_on_commit):
    Follow.objects.create(user=member, measure=measure)
    Follow.objects.create(user=department, measure=measure)  # the one who adopts gets no mail
    _set_state(measure, Measure.Publication.ADOPTED, department, mail_on_commit)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert message.subject == f"[Aktionsplan gegen Armut] {measure.reference} ist beschlossen"
    assert "Das Dezernat hat die Maßnahme für den Aktionsplan gegen Armut beschlossen." in message.body
    assert measure.get_absolute_url() in message.body


def test_followers_hear_when_a_measure_goes_into_consultation(planner, department, draft, mail_on_commit):
    Follow.objects.create(user=department, measure=draft)
    _set_state(draft, Measure.Publication.CONSULTATION, planner, mail_on_commit)
    assert [m.subject for m in mail.outbox] == [
        f"[Aktionsplan gegen Armut] {draft.reference} ist jetzt in Beteiligung"]


def test_back_to_draft_tells_nobody_and_a_stale_task_stays_silent(planner, department, measure, mail_on_commit):
    # A member followed while the measure was public; taken back to a draft it is not theirs to see.
    outsider = member_of()
    Follow.objects.create(user=outsider, measure=measure)
    Follow.objects.create(user=department, measure=measure)
    _set_state(measure, Measure.Publication.DRAFT, planner, mail_on_commit)
    assert mail.outbox == []
    measure.refresh_from_db()
    # The task for an older state finds the measure moved on and tells nobody anything stale.
    tasks.notify_publication_change(measure.pk, Measure.Publication.CONSULTATION, planner.pk)
    assert mail.outbox == []
    _set_state(measure, Measure.Publication.CONSULTATION, planner, mail_on_commit)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([outsider.email, department.email])


def test_a_save_that_keeps_the_state_sends_nothing(planner, member, measure, mail_on_commit):
    Follow.objects.create(user=member, measure=measure)
    measure.refresh_from_db()
    data = services.MeasureInput(fields={"title": "Neuer Titel", "publication_state": measure.publication_state})
    mail_on_commit(services.measure_update, measure=measure, data=data, based_on_version=measure.version, by=planner)
    assert mail.outbox == []


def test_adopting_in_the_admin_tells_followers(client, member, measure, django_capture_on_commit_callbacks):
    Follow.objects.create(user=member, measure=measure)
    client.force_login(DepartmentFactory(is_staff=True))
    url = reverse("admin:actionplan_measure_change", args=[measure.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _admin_post(measure, publication_state=Measure.Publication.ADOPTED))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "ist beschlossen" in mail.outbox[0].subject
