"""Each rule about the Fachtag's results is the service's: called without a form it refuses in
German, and through the form the same sentence appears next to the field it is about."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from workshops import services
from workshops.models import Event, Outcome, Workshop

WORKS_ONLY = "Ein bestehendes Angebot gehört nur zu „bereits erfolgreich umgesetzt“."


def test_service_refuses_an_outcome_that_breaks_its_rules(planner, workshop, sahlkamp):
    with pytest.raises(ValidationError) as refused:
        services.outcome_create(workshop=workshop, by=planner, kind=Outcome.Kind.URGENT, title="Zu viel",
                                existing_offer="Familienzentrum", citywide=True, areas=[sahlkamp], weight=10_001)
    errors = refused.value.message_dict
    assert errors["weight"] == ["Die Gewichtung darf höchstens 10.000 sein."]
    assert errors["existing_offer"][0].startswith(WORKS_ONLY)
    assert "nicht beides" in errors["areas"][0]
    assert not Outcome.objects.exists()


def test_service_refuses_a_change_that_breaks_the_rules(planner, workshop):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind=Outcome.Kind.WORKS, title="Treff",
                                      existing_offer="Stadtteiltreff")
    with pytest.raises(ValidationError) as refused:
        services.outcome_update(outcome=outcome, by=planner, based_on=services.version_token(outcome),
                                kind=Outcome.Kind.URGENT, weight=-1)
    assert set(refused.value.message_dict) == {"existing_offer", "weight"}
    assert refused.value.message_dict["weight"] == ["Die Gewichtung kann nicht negativ sein."]
    outcome.refresh_from_db()
    assert (outcome.kind, outcome.weight) == (Outcome.Kind.WORKS, 0)


def test_form_shows_the_services_rule_at_the_field(client, planner, workshop):
    client.force_login(planner)
    response = client.post(reverse("workshops:outcome_add", args=[workshop.pk]), {
        "neu-dringend-kind": "dringend", "neu-dringend-title": "Angebot am falschen Ort",
        "neu-dringend-existing_offer": "Familienzentrum",
    })
    body = response.content.decode()
    assert response.status_code == 422
    error = body.split('id="id_neu-dringend-existing_offer_error"')[1].split("</ul>")[0]
    assert WORKS_ONLY in error
    assert 'value="Angebot am falschen Ort"' in body
    assert not Outcome.objects.exists()


def test_service_refuses_a_second_workshop_with_the_same_number(planner, event, workshop):
    with pytest.raises(ValidationError) as refused:
        services.workshop_save(event=event, by=planner, number=workshop.number, title="Doppelt")
    assert refused.value.message_dict == {
        "number": [f"Diese Veranstaltung hat schon einen Workshop {workshop.number}."]}
    assert event.workshops.count() == 1


def test_workshop_form_shows_the_duplicate_number_at_the_number_field(client, planner, event, workshop):
    client.force_login(planner)
    body = client.post(reverse("workshops:workshop_create", args=[event.slug]),
                       {"number": str(workshop.number), "title": "Doppelt"}).content.decode()
    error = body.split('id="id_number_error"')[1].split("</ul>")[0]
    assert f"Diese Veranstaltung hat schon einen Workshop {workshop.number}." in error
    assert 'value="Doppelt"' in body


def test_only_planners_save_events_and_workshops(member, event):
    import datetime

    with pytest.raises(PermissionDenied):
        services.event_save(by=member, title="Fremder Fachtag", date=datetime.date(2026, 3, 18))
    with pytest.raises(PermissionDenied):
        services.workshop_save(event=event, by=member, number=9, title="Fremder Workshop")
    assert not Event.objects.filter(title="Fremder Fachtag").exists()
    assert not Workshop.objects.filter(number=9).exists()


def test_service_gives_a_new_event_its_address_from_title_and_year(planner):
    import datetime

    event = services.event_save(by=planner, title="  Fachtag Teilhabe ", date=datetime.date(2026, 3, 18),
                                is_public=True)
    assert (event.title, event.slug, event.is_public) == ("Fachtag Teilhabe", "fachtag-teilhabe-2026", True)
