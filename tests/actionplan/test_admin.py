import pytest
from django.core import mail
from django.urls import reverse

from actionplan.models import Follow
from tests.actionplan.factories import make_comment, make_measure
from tests.factories import DepartmentFactory, PlannerFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_pages_of_the_action_plan_open(admin_client, measure, member):
    comment = make_comment(measure=measure, author=member)
    urls = [
        reverse("admin:actionplan_measure_changelist"),
        reverse("admin:actionplan_measure_add"),
        reverse("admin:actionplan_measure_change", args=[measure.pk]),
        reverse("admin:actionplan_measure_history", args=[measure.pk]),
        reverse("admin:actionplan_comment_change", args=[comment.pk]),
    ]
    for name in ("consultationperiod", "comment", "response", "commentreport", "follow", "statuschange", "milestone",
                 "measureindicator"):
        urls.append(reverse(f"admin:actionplan_{name}_changelist"))
    for url in urls:
        assert admin_client.get(url).status_code == 200, url


def test_admin_edit_bumps_the_version_so_open_forms_notice(admin_client, measure):
    url = reverse("admin:actionplan_measure_change", args=[measure.pk])
    response = admin_client.post(url, {
        "title": "Im Admin geändert", "summary": measure.summary, "description": "",
        "field_of_action": measure.field_of_action_id, "citywide": "on", "status": "idee", "progress": "0",
        "priority": "mittel", "publication_state": "beteiligung", "lead_unit": "", "funding_source": "",
        "cost_note": "",
        "milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0",
        "indicator_links-TOTAL_FORMS": "0", "indicator_links-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "1", "status_changes-INITIAL_FORMS": "1",
        "status_changes-0-id": measure.status_changes.get().pk, "status_changes-0-measure": measure.pk,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    measure.refresh_from_db()
    assert measure.title == "Im Admin geändert"
    assert measure.version == 2


def _admin_post(measure, **overrides):
    data = {
        "title": measure.title, "summary": measure.summary, "description": "",
        "field_of_action": measure.field_of_action_id, "citywide": "on", "status": measure.status, "progress": "0",
        "priority": "mittel", "publication_state": measure.publication_state, "lead_unit": "", "funding_source": "",
        "cost_note": "",
        "milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0",
        "indicator_links-TOTAL_FORMS": "0", "indicator_links-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "1", "status_changes-INITIAL_FORMS": "1",
        "status_changes-0-id": measure.status_changes.get().pk, "status_changes-0-measure": measure.pk,
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff_planner(db):
    return PlannerFactory(is_staff=True)


def test_staff_planner_cannot_adopt_a_measure_in_the_admin(client, staff_planner, measure):
    client.force_login(staff_planner)
    url = reverse("admin:actionplan_measure_change", args=[measure.pk])
    form = client.get(url).content.decode()
    assert 'value="beteiligung"' in form and 'value="beschlossen"' not in form
    client.post(url, _admin_post(measure, publication_state="beschlossen"))
    measure.refresh_from_db()
    assert measure.publication_state == "beteiligung"


def test_staff_planner_cannot_lift_an_adoption_in_the_admin(client, staff_planner, planner, period):
    adopted = make_measure(by=planner, publication="beschlossen")
    client.force_login(staff_planner)
    url = reverse("admin:actionplan_measure_change", args=[adopted.pk])
    response = client.post(url, _admin_post(adopted, publication_state="entwurf", title="Neuer Titel"))
    assert response.status_code == 302
    adopted.refresh_from_db()
    assert adopted.publication_state == "beschlossen"
    assert adopted.title == "Neuer Titel"


def test_department_may_adopt_in_the_admin(client, measure):
    client.force_login(DepartmentFactory(is_staff=True))
    url = reverse("admin:actionplan_measure_change", args=[measure.pk])
    assert client.post(url, _admin_post(measure, publication_state="beschlossen")).status_code == 302
    measure.refresh_from_db()
    assert measure.publication_state == "beschlossen"


def test_status_change_in_the_admin_is_recorded_and_mailed(client, staff_planner, measure, member,
                                                            django_capture_on_commit_callbacks):
    Follow.objects.create(user=member, measure=measure)
    client.force_login(staff_planner)
    url = reverse("admin:actionplan_measure_change", args=[measure.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _admin_post(measure, status="planung"))
    assert response.status_code == 302
    assert list(measure.status_changes.order_by("changed_at").values_list("status", flat=True)) == ["idee", "planung"]
    assert measure.status_changes.get(status="planung").changed_by == staff_planner
    assert [message.to for message in mail.outbox] == [[member.email]]
    measure.refresh_from_db()
    assert measure.version == 2
