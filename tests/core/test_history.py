"""One save, one history entry, read back in German: the shared history for outcomes and measures."""

from decimal import Decimal

from actionplan import services as measure_services
from actionplan.versions import timeline
from tests.actionplan.factories import make_measure, quarter


def test_a_new_measure_with_places_has_one_entry_that_says_created(planner, db):
    measure = make_measure(by=planner, areas=[quarter("Sahlkamp")], citywide=False)

    records = list(measure.history.all())

    assert [record.history_type for record in records] == ["+"]
    assert records[0].history_user == planner
    assert [row.area_id for row in records[0].areas.all()] == [quarter("Sahlkamp").pk]


def test_an_edit_of_fields_and_places_is_one_entry_read_with_names(planner, department, db):
    measure = make_measure(by=planner, title="Stadtteiltreff", areas=[quarter("Sahlkamp")], citywide=False)
    data = measure_services.MeasureInput(
        fields={"title": "Stadtteiltreff mit Beratung", "cost_estimate": Decimal("1234.5")},
        m2m={"areas": [quarter("Sahlkamp"), quarter("Vahrenheide")]},
    )

    measure_services.measure_update(measure=measure, data=data, based_on_version=measure.version, by=department)

    assert [record.history_type for record in measure.history.order_by("history_id")] == ["+", "~"]
    latest = timeline(measure)[0]
    changes = {change.label: (change.old, change.new) for change in latest["changes"]}
    assert changes["Titel"] == ("Stadtteiltreff", "Stadtteiltreff mit Beratung")
    assert changes["Stadtteile / Stadtbezirke"] == ("Sahlkamp", "Sahlkamp, Vahrenheide")
    assert changes["geschätzte Kosten (€)"] == ("–", "1.234,50")
