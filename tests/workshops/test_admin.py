import pytest
from django.urls import reverse

from core.models import User
from tests.workshops.factories import OutcomeFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser(email="admin@example.org", password="x-Admin-2026"))
    return client


def test_admin_manages_events_with_workshops_inline_and_outcomes_with_history(admin_client, workshop):
    outcome = OutcomeFactory(workshop=workshop, title="Im Admin sichtbar")
    event_page = admin_client.get(reverse("admin:workshops_event_change", args=[workshop.event.pk]))
    assert event_page.status_code == 200
    assert "Wohnen und Quartier" in event_page.content.decode()
    assert "Im Admin sichtbar" in admin_client.get(reverse("admin:workshops_outcome_changelist")).content.decode()
    history = admin_client.get(reverse("admin:workshops_outcome_history", args=[outcome.pk]))
    assert history.status_code == 200


def test_admin_edit_of_an_outcome_is_recorded_with_the_user(admin_client, workshop):
    outcome = OutcomeFactory(workshop=workshop, kind="dringend", title="Alt")
    url = reverse("admin:workshops_outcome_change", args=[outcome.pk])
    response = admin_client.post(url, {
        "workshop": workshop.pk, "kind": "dringend", "title": "Im Admin geändert", "description": "",
        "existing_offer": "", "field_of_action": "", "weight": "3",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    outcome.refresh_from_db()
    assert outcome.title == "Im Admin geändert"
    assert outcome.history.filter(history_user__email="admin@example.org").exists()
