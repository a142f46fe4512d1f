"""Each action plan rule is the service's: called without a form it refuses in German, and through
the form the same sentence appears next to the field it is about."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from actionplan import rules, selectors, services
from actionplan.models import ConsultationPeriod, Measure
from tests.actionplan.factories import make_measure


def _field_error(body, field):
    return body.split(f'id="id_{field}_error"')[1].split("</ul>")[0]


def _edit_data(measure, **overrides):
    return {
        "title": measure.title, "summary": measure.summary, "description": measure.description,
        "field_of_action": measure.field_of_action_id, "citywide": "on", "status": measure.status,
        "priority": measure.priority, "publication_state": measure.publication_state,
        "version": str(measure.version),
        "meilensteine-TOTAL_FORMS": "0", "meilensteine-INITIAL_FORMS": "0",
        "indikatoren-TOTAL_FORMS": "0", "indikatoren-INITIAL_FORMS": "0",
        **overrides,
    }


def test_service_refuses_a_measure_that_ends_before_it_starts(planner, measure):
    data = services.MeasureInput(fields={"start_date": datetime.date(2027, 5, 1),
                                         "end_date": datetime.date(2027, 1, 1)})
    with pytest.raises(ValidationError) as refused:
        services.measure_update(measure=measure, data=data, based_on_version=measure.version, by=planner)
    assert refused.value.message_dict == {"end_date": ["Das Ende darf nicht vor dem Beginn liegen."]}
    measure.refresh_from_db()
    assert measure.end_date is None


def test_service_refuses_a_new_measure_with_negative_costs_and_no_place(planner):
    with pytest.raises(ValidationError) as refused:
        make_measure(by=planner, citywide=False, areas=[], cost_estimate=Decimal("-5"))
    assert refused.value.message_dict == {
        "cost_estimate": ["Die Kosten können nicht negativ sein."],
        "areas": ["Bitte wählen Sie mindestens einen Ort oder „gesamtstädtisch“."],
    }
    assert not Measure.objects.exists()


def test_form_shows_the_services_place_rule_next_to_the_places(client, planner, measure):
    client.force_login(planner)
    url = reverse("actionplan:measure_edit", args=[measure.reference])
    data = _edit_data(measure, title="Ohne Ort", end_date="01.01.2027", start_date="01.05.2027")
    data.pop("citywide")
    body = client.post(url, data).content.decode()
    assert "Bitte wählen Sie mindestens einen Ort oder „gesamtstädtisch“." in _field_error(body, "areas")
    assert "Das Ende darf nicht vor dem Beginn liegen." in _field_error(body, "end_date")
    assert 'value="Ohne Ort"' in body
    measure.refresh_from_db()
    assert measure.title != "Ohne Ort"


def test_service_refuses_a_period_that_ends_before_it_starts(planner):
    start = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 0))
    with pytest.raises(ValidationError) as refused:
        services.period_save(by=planner, title="Falsch herum", starts_at=start,
                             ends_at=start - datetime.timedelta(hours=1))
    assert refused.value.message_dict == {"ends_at": ["Das Ende muss nach dem Beginn liegen."]}
    assert not ConsultationPeriod.objects.exists()


def test_only_planners_set_consultation_periods(member):
    start = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 0))
    with pytest.raises(PermissionDenied):
        services.period_save(by=member, title="Von außen", starts_at=start, ends_at=start + datetime.timedelta(days=1))
    assert not ConsultationPeriod.objects.exists()


def test_period_form_shows_the_services_order_rule_at_the_end_field(client, planner):
    client.force_login(planner)
    body = client.post(reverse("actionplan:period_create"), {
        "title": "Falsch herum", "starts_at": "01.12.2026 09:00", "ends_at": "01.12.2026 08:00",
    }).content.decode()
    assert "Das Ende muss nach dem Beginn liegen." in _field_error(body, "ends_at")
    assert 'value="Falsch herum"' in body
    assert not ConsultationPeriod.objects.exists()


def test_service_refuses_an_empty_comment_in_german(member, measure):
    organisation = member.memberships.get().organisation
    with pytest.raises(ValidationError) as refused:
        services.comment_create(measure=measure, author=member, organisation=organisation, text="  ", position="")
    assert refused.value.message_dict == {"position": ["Bitte wählen Sie eine Position."],
                                          "text": ["Bitte schreiben Sie einen Text."]}


def test_comment_form_says_the_same_as_the_service_about_empty_fields(client, member, measure):
    client.force_login(member)
    body = client.post(reverse("actionplan:comment_create", args=[measure.reference]),
                       {"organisation": member.memberships.get().organisation.pk, "text": ""}).content.decode()
    assert "Bitte schreiben Sie einen Text." in _field_error(body, "text")
    assert "Bitte wählen Sie eine Position." in _field_error(body, "position")


def test_every_consultation_check_agrees_on_when_a_period_is_open(planner, member):
    now = timezone.now()
    period = ConsultationPeriod.objects.create(title="Runde", starts_at=now - datetime.timedelta(days=1),
                                               ends_at=now + datetime.timedelta(days=1))
    measure = make_measure(by=planner)
    for at, expected in ((now, True), (period.ends_at, False), (period.starts_at, True)):
        assert rules.consultation_is_open(at) is expected
        assert period.is_open(at) is expected
    assert selectors.current_period() == period
    assert member.has_perm("actionplan.comment", measure)
    period.ends_at = now - datetime.timedelta(seconds=1)
    period.save()
    fresh = Measure.objects.get(pk=measure.pk)
    assert not rules.consultation_is_open() and selectors.current_period() is None
    assert not member.has_perm("actionplan.comment", fresh)
    with pytest.raises(ValidationError, match="Die Beteiligungsphase ist nicht geöffnet"):
        services.comment_create(measure=fresh, author=member, organisation=member.memberships.get().organisation,
                                text="Zu spät", position="zustimmung")
