"""Details readers notice: each year offered once, a German prompt in selects, one minus sign everywhere."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Area
from district_statistics.models import Indicator
from district_statistics.numbers import format_number, format_with_unit
from district_statistics.selectors import indicator_years
from tests.district_statistics.factories import IndicatorFactory, ValueFactory, fill_level

pytestmark = pytest.mark.django_db


def test_year_dropdowns_list_each_year_once(client):
    indicator = IndicatorFactory(name="Kinderarmut")
    for year in (2022, 2023, 2024):
        fill_level(indicator, year=year)
    assert indicator_years(indicator) == [2022, 2023, 2024]
    html = client.get(indicator.get_absolute_url()).content.decode()
    # "Jahr" offers all three years, "Vergleichsjahr" all but the shown one (2024).
    assert html.count('<option value="2024"') == 1
    assert html.count('<option value="2023"') == 2
    assert html.count('<option value="2022"') == 2


def test_indicator_form_has_a_german_prompt_for_the_unit(client, planner):
    client.force_login(planner)
    html = client.get(reverse("statistics:indicator_create")).content.decode()
    assert "---------" not in html
    assert '<option value="" selected>– bitte wählen –</option>' in html
    response = client.post(reverse("statistics:indicator_create"),
                           {"key": "kinderarmut", "name": "Kinderarmut", "unit": "", "decimals": 1, "position": 1})
    assert 'id="id_unit_error"' in response.content.decode()
    assert not Indicator.objects.filter(key="kinderarmut").exists()


def test_negative_numbers_use_the_typographic_minus():
    assert format_number(Decimal("-4")) == "\u22124,0"
    assert format_number(Decimal("-1234.56"), 2) == "\u22121.234,56"
    assert format_number(Decimal("-0.04")) == "0,0"  # rounds to zero: no sign at all
    assert format_number(Decimal("-4"), minus="-") == "-4,0"
    assert format_with_unit(IndicatorFactory(unit=Indicator.Unit.OTHER), Decimal("-4")) == "\u22124,0"


@pytest.fixture
def balance():
    """Net migration can be negative: the unit 'sonstige' allows it."""
    indicator = IndicatorFactory(key="wanderungssaldo", name="Wanderungssaldo", unit=Indicator.Unit.OTHER,
                                 higher_is_worse=False)
    ValueFactory(indicator=indicator, area=Area.objects.get(key="stadtteil-21"), value=Decimal("-4"))
    ValueFactory(indicator=indicator, area=Area.objects.get(key="stadtteil-10"), value=Decimal("3"), year=2023)
    ValueFactory(indicator=indicator, area=Area.objects.get(key="stadtteil-10"), value=Decimal("2.5"))
    ValueFactory(indicator=indicator, value=Decimal("-1.5"))
    return indicator


def test_pages_map_and_ranking_all_show_the_same_minus(client, balance):
    html = client.get(balance.get_absolute_url()).content.decode()
    assert "Sahlkamp: \u22124,0" in html  # map
    assert "Gesamtstadt: \u22121,5" in html
    start = html.index('<tr data-area="stadtteil-21">')
    assert "\u22124,0" in html[start:html.index("</tr>", start)]  # ranking table
    area = client.get(reverse("statistics:area_detail", args=["stadtteil-sahlkamp"])).content.decode()
    assert "\u22124,0" in area
    for page in (html, area):
        assert "-4,0" not in page and "-1,5" not in page


def test_exports_keep_the_ascii_minus_for_machines(client, balance):
    response = client.get(reverse("statistics:export"), {"indikator": balance.pk, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    values = {row[3]: row[7] for row in rows if len(row) > 7}
    assert values["stadtteil-21"] == "-4,0" and values["stadt"] == "-1,5"
    response = client.get(reverse("statistics:export"), {"indikator": balance.pk, "format": "json"})
    by_area = {row["gebiet"]: row["wert"] for row in json.loads(response.content)["werte"]}
    assert by_area["stadtteil-21"] == -4
