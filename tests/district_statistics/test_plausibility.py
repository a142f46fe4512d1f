"""Impossible values never go live, and a year with a few values does not push a complete year off the pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Area
from district_statistics.models import ImportLog, Indicator, Value
from district_statistics.selectors import children_comparison, default_year, default_years
from district_statistics.services import apply_import, plan_file
from tests.district_statistics.conftest import NamedBytes, csv_upload, xlsx_bytes
from tests.district_statistics.factories import IndicatorFactory, ValueFactory, fill_level

pytestmark = pytest.mark.django_db

HEADER = "Gebiet;Indikator;Jahr;Wert;Zähler;Nenner\n"


@pytest.fixture
def sgb2():
    return IndicatorFactory(key="sgb2-quote", name="SGB-II-Quote")


def _plan(text, file_format="long", indicator=None):
    return plan_file(file=NamedBytes(text.encode("utf-8"), "werte.csv"), file_format=file_format, indicator=indicator)


IMPOSSIBLE = {
    "negative_percent": (Indicator.Unit.PERCENT, "Limmer;{key};2025;-4,0;;",
                         "Wert: „-4,0“ ist kein möglicher Anteil; Prozentwerte liegen zwischen 0 und 100."),
    "percent_above_100": (Indicator.Unit.PERCENT, "Ahlem;{key};2025;150;;",
                          "Wert: „150“ ist kein möglicher Anteil"),
    "negative_persons": (Indicator.Unit.PERSONS, "Ahlem;{key};2024;-3;;",
                         "Wert: „-3“ ist negativ; in der Einheit „Personen“ sind keine negativen Werte möglich."),
    "negative_euro": (Indicator.Unit.EURO, "Ahlem;{key};2024;-1.200;;", "in der Einheit „Euro“"),
    "negative_per_thousand": (Indicator.Unit.PER_THOUSAND, "Ahlem;{key};2024;-0,5;;",
                              "in der Einheit „je 1.000 Einwohner*innen“"),
    "negative_numerator": (Indicator.Unit.PERCENT, "Ahlem;{key};2024;5;-12;240",
                           "Zähler: „-12“ ist negativ; eine Fallzahl kann nicht negativ sein."),
    "negative_denominator": (Indicator.Unit.PERCENT, "Ahlem;{key};2024;5;12;-240", "Nenner: „-240“ ist negativ"),
}


@pytest.mark.parametrize("case", IMPOSSIBLE)
def test_impossible_value_is_a_row_error_and_nothing_is_saved(case):
    unit, row, message = IMPOSSIBLE[case]
    indicator = IndicatorFactory(key="kennzahl", unit=unit)
    plan = _plan(HEADER + "List;kennzahl;2024;10;;\n" + row.format(key="kennzahl") + "\n")
    assert not plan.is_valid
    assert [error.line for error in plan.errors] == [3]
    assert message in plan.errors[0].message
    assert not Value.objects.filter(indicator=indicator).exists()


def test_percent_bounds_and_negative_values_of_other_units_are_accepted():
    share = IndicatorFactory(key="anteil")
    balance = IndicatorFactory(key="wanderungssaldo", unit=Indicator.Unit.OTHER)
    plan = _plan(HEADER + "List;anteil;2024;0;;\nAhlem;anteil;2024;100;;\nAhlem;wanderungssaldo;2024;-4,5;;\n")
    assert plan.is_valid, plan.errors
    apply_import(plan=plan, on_conflict="fail")
    assert Value.objects.get(indicator=balance).value == Decimal("-4.5")
    assert Value.objects.filter(indicator=share).count() == 2


def test_wide_file_with_impossible_percent_names_the_year(sgb2):
    rows = [["Stadtteil", 2023, 2024], ["Ahlem", 12.5, 150], ["Limmer", -4.25, 9]]
    plan = plan_file(file=NamedBytes(xlsx_bytes(rows), "tabelle.xlsx"), file_format="wide", indicator=sgb2)
    assert [error.line for error in plan.errors] == [2, 3]
    assert "Wert für 2024: „150“ ist kein möglicher Anteil" in plan.errors[0].message
    assert "Wert für 2023: „−4,25“ ist kein möglicher Anteil" in plan.errors[1].message  # an XLSX number, German
    assert Value.objects.count() == 0


def test_preview_of_the_testers_file_shows_both_rows_as_errors_and_saves_nothing(client, planner, sgb2):
    client.force_login(planner)
    text = "Gebiet;Indikator;Jahr;Wert\nLimmer;sgb2-quote;2025;-4,0\nAhlem;sgb2-quote;2025;150\n"
    preview_url = client.post(reverse("statistics:import_upload"),
                              {"file": csv_upload(text), "file_format": "long"})["Location"]
    html = client.get(preview_url).content.decode()
    assert "Die Datei ist in Ordnung" not in html
    assert "Die Datei enthält 2 fehlerhafte Zeilen" in html
    assert "„-4,0“ ist kein möglicher Anteil" in html and "„150“ ist kein möglicher Anteil" in html
    assert "Import bestätigen" not in html
    client.post(preview_url, {"on_conflict": "skip"})
    assert Value.objects.count() == 0 and ImportLog.objects.count() == 0


@pytest.fixture
def sparse_new_year(sgb2):
    """2024 for every Stadtteil and Bezirk, 2025 so far only for three Stadtteile and the city."""
    fill_level(sgb2, year=2024)
    fill_level(sgb2, year=2024, kind=Area.Kind.DISTRICT)
    for key in ("stadtteil-1", "stadtteil-12", "stadtteil-21"):
        ValueFactory(indicator=sgb2, area=Area.objects.get(key=key), year=2025, value=Decimal("30"))
    ValueFactory(indicator=sgb2, year=2025, value=Decimal("14"))
    return sgb2


def test_indicator_page_opens_on_the_latest_year_with_most_areas(client, sparse_new_year):
    html = client.get(sparse_new_year.get_absolute_url()).content.decode()
    assert "<h1>SGB-II-Quote 2024</h1>" in html
    assert '<option value="2025">2025</option>' in html  # the sparse year stays selectable
    assert "ohne Angabe" not in html
    chosen = client.get(sparse_new_year.get_absolute_url(), {"jahr": 2025}).content.decode()
    assert "<h1>SGB-II-Quote 2025</h1>" in chosen and "48 Gebiete ohne Angabe" in chosen


def test_default_year_is_the_latest_with_at_least_half_the_areas_of_the_level(sparse_new_year):
    assert default_year(indicator=sparse_new_year, level="stadtteil") == 2024
    assert default_year(indicator=sparse_new_year, level="bezirk") == 2024
    have_2025 = Value.objects.filter(year=2025).values("area")
    for area in Area.objects.filter(kind=Area.Kind.QUARTER).exclude(pk__in=have_2025).order_by("number")[:23]:
        ValueFactory(indicator=sparse_new_year, area=area, year=2025, value=Decimal("31"))
    assert default_year(indicator=sparse_new_year, level="stadtteil") == 2025  # 26 of 51
    assert default_year(indicator=sparse_new_year, level="bezirk") == 2024


def test_default_year_falls_back_to_the_latest_year_without_any_complete_year():
    indicator = IndicatorFactory()
    ValueFactory(indicator=indicator, area=Area.objects.get(key="stadtteil-1"), year=2023)
    ValueFactory(indicator=indicator, area=Area.objects.get(key="stadtteil-2"), year=2024)
    other = IndicatorFactory()
    assert default_years(indicators=[indicator, other]) == {indicator.pk: 2024}


def test_bezirk_comparison_shows_the_year_most_of_its_stadtteile_have(sparse_new_year):
    bothfeld = Area.objects.get(key="bezirk-3")  # 2025 so far for 2 of its 5 Stadtteile
    children = list(bothfeld.children.order_by("name"))
    columns, _rows = children_comparison(area=bothfeld, children=children, indicators=[sparse_new_year])
    assert columns == [(sparse_new_year, 2024)]
    ValueFactory(indicator=sparse_new_year, area=Area.objects.get(key="stadtteil-22"), year=2025)
    columns, _rows = children_comparison(area=bothfeld, children=children, indicators=[sparse_new_year])
    assert columns == [(sparse_new_year, 2025)]


def test_preview_warns_when_a_year_will_cover_few_stadtteile(client, planner, sgb2):
    fill_level(sgb2, year=2024)
    client.force_login(planner)
    text = "Gebiet;Indikator;Jahr;Wert\nLimmer;sgb2-quote;2025;4,0\nAhlem;sgb2-quote;2025;15\nList;sgb2-quote;2025;7\n"
    preview_url = client.post(reverse("statistics:import_upload"),
                              {"file": csv_upload(text), "file_format": "long"})["Location"]
    html = client.get(preview_url).content.decode()
    assert "Die Datei ist in Ordnung" in html
    assert "SGB-II-Quote 2025: Nach dem Import gibt es nur für 3 von 51 Stadtteilen Werte." in html
    assert "Import bestätigen" in html  # a warning, not an error


def test_no_coverage_warning_when_the_year_is_complete_after_the_import(sgb2):
    fill_level(sgb2, year=2025)
    plan = _plan("Gebiet;Indikator;Jahr;Wert\nLimmer;sgb2-quote;2025;4,0\n")
    assert plan.is_valid and plan.warnings == []
    city_only = _plan("Gebiet;Indikator;Jahr;Wert\nGesamtstadt;sgb2-quote;2023;14,0\n")
    assert city_only.warnings == []
