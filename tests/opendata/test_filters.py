"""The API's filters are the list pages' filters: the same query finds the same rows."""

import pytest
from django.urls import reverse

from core.models import Area
from tests.opendata.conftest import results


def _measure_cases(world):
    from decimal import Decimal

    from actionplan.models import Measure
    from core.models import Organisation, TargetGroup

    public = world["public"]
    linden = public.areas.get()
    lead = Organisation.objects.create(name="Diakonie Hannover (Test)")
    Measure.objects.filter(pk=public.pk).update(lead_organisation=lead, cost_estimate=Decimal("1000"))
    group = TargetGroup.objects.order_by("pk").first()
    public.target_groups.add(group)
    return [
        {"status": "umsetzung"},
        {"q": "Sozialticket"},
        {"area": linden.pk},
        {"area": linden.parent_id},
        {"area": Area.objects.get(key="stadt").pk},
        {"publication_state": "beschlossen"},
        {"publication_state": "entwurf"},
        {"field_of_action": public.field_of_action_id},
        {"target_group": group.pk},
        {"lead": lead.pk},
        {"kosten": "ja"},
        {"status": "umsetzung", "kosten": "ja", "q": "Sozialticket"},
    ]


@pytest.mark.parametrize("who", ["anonymous", "planner"])
def test_measure_filters_find_what_the_measure_list_finds(client, world, planner, who):
    if who == "planner":
        client.force_login(planner)
    for params in _measure_cases(world):
        page = client.get(reverse("actionplan:index"), params)
        expected = [measure.reference for measure in page.context["page_obj"]]
        api = [item["nummer"] for item in results(client.get(reverse("opendata:measure-list"), params))] \
            if params != {"publication_state": "entwurf"} or who == "planner" else None
        if api is None:
            # The public's form has no "Entwurf" choice; the API refuses it as the form does.
            response = client.get(reverse("opendata:measure-list"), params)
            assert response.status_code == 400
            assert "publication_state" in response.json()
            continue
        assert api == expected, params
        assert api, f"{params} finds nothing: the comparison would prove nothing"


def test_outcome_filters_find_what_the_outcome_list_finds(client, world):
    from tests.workshops.factories import OutcomeFactory
    from workshops.models import Outcome

    Outcome.objects.filter(pk=world["open_outcome"].pk).update(citywide=True)
    OutcomeFactory(workshop=world["open_outcome"].workshop, title="Noch nicht aufgegriffen")
    for params in [{"kind": "dringend"}, {"event": world["public_event"].pk}, {"q": "Bus"},
                   {"place": "stadt"}, {"not_taken_up": "on"}]:
        page = client.get(reverse("workshops:outcome_list"), params)
        expected = [outcome.pk for outcome in page.context["page"]]
        api = [item["kennung"] for item in results(client.get(reverse("opendata:outcome-list"), params))]
        assert api == expected, params
        assert api, f"{params} finds nothing: the comparison would prove nothing"


def test_value_filters_find_what_the_statistics_export_finds(client, world):
    linden = world["shown_value"].area
    for params in [{"ebene": "stadtteil"}, {"jahr_von": 2024}, {"jahr_bis": 2023},
                   {"indikator": world["indicator"].pk, "gebiet": [linden.pk, Area.objects.get(key="stadt").pk]}]:
        export = client.get(reverse("statistics:export"), {**params, "format": "json"}).json()
        expected = [(v["indikator"], v["gebiet"], v["jahr"], v["wert"]) for v in export["werte"]]
        api = [(v["indikator"], v["gebiet"], v["jahr"], v["wert"])
               for v in results(client.get(reverse("opendata:value-list"), params))]
        assert api == expected, params
        assert api, f"{params} finds nothing: the comparison would prove nothing"


def test_a_bad_filter_value_is_refused_with_a_german_message(client, world):
    response = client.get(reverse("opendata:measure-list"), {"status": "erfunden"})
    assert response.status_code == 400
    assert "gültige" in response.json()["status"][0]
    response = client.get(reverse("opendata:value-list"), {"jahr_von": "zwanzig"})
    assert response.status_code == 400
    assert "Zahl" in response.json()["jahr_von"][0]


def test_values_come_a_thousand_to_a_page(client, world):
    from decimal import Decimal

    from district_statistics.models import Value
    from tests.district_statistics.factories import IndicatorFactory

    indicator = IndicatorFactory(key="viele-werte")
    quarters = list(Area.objects.filter(kind=Area.Kind.QUARTER))
    Value.objects.bulk_create(Value(indicator=indicator, area=area, year=year, value=Decimal(year - 1990))
                              for area in quarters for year in range(2000, 2025))
    first = client.get(reverse("opendata:value-list"), {"indikator": indicator.pk}).json()
    assert first["anzahl"] == 51 * 25
    assert len(first["ergebnisse"]) == 1000
    second = client.get(first["naechste"]).json()
    assert len(second["ergebnisse"]) == 51 * 25 - 1000
    assert second["naechste"] is None
