"""Editing a measure with milestones: two open tabs, rows that stay put, saves that change nothing."""

import datetime

import pytest
from django.urls import reverse

from actionplan import services
from actionplan.models import Measure, Milestone
from tests.actionplan.factories import make_measure
from tests.actionplan.formdata import form_data


@pytest.fixture
def with_milestones(planner, period):
    measure = make_measure(by=planner, title="Sozialberatung im Stadtteil")
    Milestone.objects.create(measure=measure, date=datetime.date(2027, 1, 15), title="Träger gefunden")
    Milestone.objects.create(measure=measure, date=datetime.date(2027, 6, 1), title="Beratung startet")
    return measure


def _open(client, measure):
    response = client.get(reverse("actionplan:measure_edit", args=[measure.reference]))
    assert response.status_code == 200
    return form_data(response.content.decode())


def _save(client, measure, data, **changes):
    return client.post(reverse("actionplan:measure_edit", args=[measure.reference]), {**data, **changes})


def test_second_tab_on_a_measure_with_milestones_gets_the_conflict_and_keeps_its_input(
        client, planner, with_milestones):
    measure = with_milestones
    client.force_login(planner)
    tab_a, tab_b = _open(client, measure), _open(client, measure)
    ids_before = set(measure.milestones.values_list("pk", flat=True))

    assert _save(client, measure, tab_a, title="Sozialberatung vor Ort").status_code == 302
    assert set(measure.milestones.values_list("pk", flat=True)) == ids_before

    response = _save(client, measure, tab_b, title="Titel aus Tab B", summary="Kurzbeschreibung aus Tab B")
    body = response.content.decode()
    assert response.status_code == 409
    assert "Ihre Änderungen wurden nicht gespeichert" in body
    assert "Sozialberatung vor Ort" in body  # the other save, in the diff table
    assert 'value="Titel aus Tab B"' in body
    assert "Kurzbeschreibung aus Tab B" in body
    assert Measure.objects.get(pk=measure.pk).title == "Sozialberatung vor Ort"

    # Having seen the conflict, saving again applies tab B's input.
    again = form_data(body)
    assert _save(client, measure, again).status_code == 302
    measure.refresh_from_db()
    assert (measure.title, measure.summary) == ("Titel aus Tab B", "Kurzbeschreibung aus Tab B")
    assert set(measure.milestones.values_list("pk", flat=True)) == ids_before


def test_a_form_sent_twice_by_the_same_person_does_not_name_her_as_the_other_editor(
        client, planner, with_milestones):
    # The planner of the first test; she saved in one tab and sends the other tab's form afterwards.
    measure = with_milestones
    client.force_login(planner)
    tab_a, tab_b = _open(client, measure), _open(client, measure)
    assert _save(client, measure, tab_a, title="Sozialberatung vor Ort").status_code == 302

    response = _save(client, measure, tab_b, title="Titel aus Tab B")

    body = response.content.decode()
    assert response.status_code == 409
    assert "Sie selbst haben die Maßnahme inzwischen gespeichert" in body
    assert f"hat {planner.get_display_name()}" not in body and "der anderen Person" not in body


def test_conflict_comes_first_when_the_other_tab_deleted_a_milestone(client, planner, with_milestones):
    measure = with_milestones
    client.force_login(planner)
    tab_a, tab_b = _open(client, measure), _open(client, measure)
    assert _save(client, measure, tab_a, **{"meilensteine-0-DELETE": "on"}).status_code == 302
    assert measure.milestones.count() == 1

    response = _save(client, measure, tab_b, title="Titel aus Tab B")
    body = response.content.decode()
    assert response.status_code == 409
    assert "Ihre Änderungen wurden nicht gespeichert" in body
    assert "Träger gefunden" in body  # tab B's rows are still in the form
    # Saving again keeps tab B's view of things, the deleted milestone included, without an id error.
    response = _save(client, measure, form_data(body))
    assert response.status_code == 302
    assert sorted(measure.milestones.values_list("title", flat=True)) == ["Beratung startet", "Träger gefunden"]
    assert Measure.objects.get(pk=measure.pk).title == "Titel aus Tab B"


def test_milestones_are_updated_in_place(client, planner, with_milestones):
    measure = with_milestones
    first, second = measure.milestones.order_by("date")
    client.force_login(planner)
    data = _open(client, measure)
    response = _save(client, measure, data, **{
        "meilensteine-0-title": "Träger vertraglich gebunden", "meilensteine-0-done": "on",
        "meilensteine-1-DELETE": "on",
        "meilensteine-2-date": "01.09.2027", "meilensteine-2-title": "Zweiter Standort",
    })
    assert response.status_code == 302
    rows = list(measure.milestones.order_by("date").values_list("pk", "title", "done"))
    assert rows[0] == (first.pk, "Träger vertraglich gebunden", True)
    assert second.pk not in [pk for pk, _title, _done in rows]
    assert rows[1][1] == "Zweiter Standort"


def test_a_row_error_without_a_visible_field_is_shown(client, planner, with_milestones):
    measure = with_milestones
    client.force_login(planner)
    data = _open(client, measure)
    Milestone.objects.filter(measure=measure, title="Träger gefunden").delete()  # e.g. in the admin
    response = _save(client, measure, data, title="Neuer Titel")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie die markierten Meilensteine und Indikatoren." in body
    assert "Diese Zeile wurde inzwischen von einer anderen Person gelöscht." in body
    assert Measure.objects.get(pk=measure.pk).title != "Neuer Titel"


def test_a_save_without_changes_writes_no_version(client, planner, with_milestones):
    measure = with_milestones
    versions, history = measure.version, measure.history.count()
    client.force_login(planner)
    response = _save(client, measure, _open(client, measure))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.version == versions
    assert measure.history.count() == history
    assert "Sie haben nichts geändert" in client.get(measure.get_absolute_url()).content.decode()
    # Other open forms stay current, so a real change from one of them still goes through.
    assert _save(client, measure, _open(client, measure), title="Jetzt geändert").status_code == 302
    measure.refresh_from_db()
    assert measure.version == versions + 1


def test_service_writes_no_version_when_nothing_changes(planner, with_milestones):
    measure = with_milestones
    rows = [{"id": m, "date": m.date, "title": m.title, "done": m.done} for m in measure.milestones.all()]
    data = services.MeasureInput(fields={"title": measure.title, "status": measure.status},
                                 m2m={"areas": [], "outcomes": []}, milestones=rows, indicators=[])
    saved = services.measure_update(measure=measure, data=data, based_on_version=measure.version, by=planner)
    assert saved.version == measure.version
    assert measure.history.count() == 1


@pytest.mark.parametrize(("typed", "message"), [
    ("1.2.3", "„1.2.3“ ist kein gültiger Betrag."),
    ("12.50.000", "„12.50.000“ ist kein gültiger Betrag."),
    ("-12.500,50", "Die Kosten können nicht negativ sein."),
])
def test_malformed_or_negative_costs_are_refused_next_to_the_field(client, planner, with_milestones, typed,
                                                                   message):
    measure = with_milestones
    client.force_login(planner)
    response = _save(client, measure, _open(client, measure), cost_estimate=typed, title="Mit Kosten")
    body = response.content.decode()
    assert response.status_code == 200
    error = body.split('id="id_cost_estimate_error"')[1].split("</ul>")[0]
    assert message in error
    assert f'value="{typed}"' in body
    measure.refresh_from_db()
    assert (measure.title, measure.cost_estimate) == ("Sozialberatung im Stadtteil", None)


@pytest.mark.parametrize(("typed", "amount"), [
    ("45.000", "45000.00"), ("12.500,50", "12500.50"), ("1.234.567,89 €", "1234567.89"), ("800", "800.00"),
])
def test_costs_in_german_notation_are_saved(client, planner, with_milestones, typed, amount):
    measure = with_milestones
    client.force_login(planner)
    assert _save(client, measure, _open(client, measure), cost_estimate=typed).status_code == 302
    measure.refresh_from_db()
    assert f"{measure.cost_estimate:.2f}" == amount


def test_service_refuses_negative_costs(planner, with_milestones):
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    data = services.MeasureInput(fields={"cost_estimate": Decimal("-1")})
    with pytest.raises(ValidationError, match="nicht negativ"):
        services.measure_update(measure=with_milestones, data=data, based_on_version=with_milestones.version,
                                by=planner)
    with_milestones.refresh_from_db()
    assert with_milestones.cost_estimate is None


def test_browser_line_breaks_alone_are_no_change(planner, period):
    measure = make_measure(by=planner, description="Erste Zeile\nZweite Zeile")
    data = services.MeasureInput(fields={"description": "Erste Zeile\r\nZweite Zeile"})
    saved = services.measure_update(measure=measure, data=data, based_on_version=measure.version, by=planner)
    assert saved.version == measure.version
    assert measure.history.count() == 1
