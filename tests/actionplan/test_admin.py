import pytest
from django.urls import reverse

from tests.actionplan.factories import make_comment
from tests.factories import UserFactory


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
