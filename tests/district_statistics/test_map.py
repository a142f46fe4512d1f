"""The choropleth map and the ranking table tell the same numbers, readable without colour."""

import re
from decimal import Decimal

import pytest

from core.models import Area
from district_statistics.maps import choropleth_svg, legend_entries
from district_statistics.models import Indicator, Value
from district_statistics.selectors import ranking
from tests.district_statistics.factories import IndicatorFactory, ValueFactory, fill_level

pytestmark = pytest.mark.django_db

TITLE = re.compile(r'<path class="choropleth__area[^"]*" data-area="([^"]+)"[^>]*><title>([^<]+)</title></path>')


def test_map_has_one_named_shape_per_stadtteil():
    indicator = IndicatorFactory(name="SGB-II-Quote")
    fill_level(indicator)
    svg = choropleth_svg(indicator=indicator, year=2024, values=ranking(indicator=indicator, year=2024))
    shapes = TITLE.findall(svg)
    assert len(shapes) == 51
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title id=" in svg and "<desc id=" in svg
    sahlkamp = Area.objects.get(kind="stadtteil", name="Sahlkamp")
    expected = Value.objects.get(indicator=indicator, area=sahlkamp).value
    assert ("stadtteil-21", f"Sahlkamp: {str(expected).replace('.', ',')[:4]} %") in shapes
    assert "Geodaten: Landeshauptstadt Hannover, Bereich Geoinformation, CC BY 4.0" in svg


def test_bezirk_map_has_thirteen_shapes():
    indicator = IndicatorFactory()
    fill_level(indicator, kind=Area.Kind.DISTRICT)
    rows = ranking(indicator=indicator, year=2024, level="bezirk")
    assert len(TITLE.findall(choropleth_svg(indicator=indicator, year=2024, level="bezirk", values=rows))) == 13


def test_ranking_rows_match_the_map_values_and_classes():
    indicator = IndicatorFactory()
    fill_level(indicator)
    rows = ranking(indicator=indicator, year=2024)
    svg = choropleth_svg(indicator=indicator, year=2024, values=rows)
    on_map = dict(TITLE.findall(svg))
    assert {row.area.key: f"{row.area.name}: {row.text}" for row in rows} == on_map
    for row in rows:
        assert f'klasse-{row.klass}" data-area="{row.area.key}"' in svg
    # The highest value comes first and belongs to the top class.
    assert rows[0].rank == 1 and rows[0].klass == 5
    assert rows[0].value == max(row.value for row in rows)


def test_ranking_puts_lowest_first_when_higher_is_better():
    indicator = IndicatorFactory(higher_is_worse=False, unit=Indicator.Unit.EURO)
    fill_level(indicator)
    rows = ranking(indicator=indicator, year=2024)
    assert rows[0].value == min(row.value for row in rows)
    assert rows[0].klass == 5


def test_suppressed_value_is_hidden_in_svg_and_ranking():
    indicator = IndicatorFactory(unit=Indicator.Unit.PERCENT, suppression_threshold=10)
    fill_level(indicator, numerator=Decimal(50))
    wuelferode = Area.objects.get(kind="stadtteil", name="Wülferode")
    Value.objects.filter(indicator=indicator, area=wuelferode).update(value=Decimal("37.5"), numerator=3)
    rows = ranking(indicator=indicator, year=2024)
    row = next(r for r in rows if r.area == wuelferode)
    assert row.suppressed and row.value is None and row.klass is None and row.text == "< 10 Fälle"
    svg = choropleth_svg(indicator=indicator, year=2024, values=rows)
    assert "Wülferode: &lt; 10 Fälle" in svg
    assert "37,5" not in svg


def test_map_marks_example_data_and_city_value():
    indicator = IndicatorFactory(is_example_data=True)
    fill_level(indicator)
    ValueFactory(indicator=indicator, value=Decimal("14.25"))
    svg = choropleth_svg(indicator=indicator, year=2024, values=ranking(indicator=indicator, year=2024))
    assert "Beispieldaten" in svg
    assert "Gesamtstadt: 14,3 %" in svg


def test_missing_values_are_drawn_as_no_data():
    indicator = IndicatorFactory()
    svg = choropleth_svg(indicator=indicator, year=2024, values=ranking(indicator=indicator, year=2024))
    assert svg.count("ohne-wert") >= 51
    assert "keine Angabe" in svg


def test_web_map_leaves_the_legend_to_the_page_and_the_legend_names_every_class():
    indicator = IndicatorFactory()
    fill_level(indicator)
    ValueFactory(indicator=indicator, value=Decimal("14.25"))
    rows = ranking(indicator=indicator, year=2024)
    picture = choropleth_svg(indicator=indicator, year=2024, values=rows, legend=False)
    assert "choropleth__legend" not in picture and 'viewBox="0 0 615 ' in picture
    assert len(TITLE.findall(picture)) == 51

    legend = legend_entries(indicator=indicator, rows=rows)
    assert [entry["number"] for entry in legend["classes"]] == [5, 4, 3, 2, 1]
    assert legend["classes"][0]["label"] in choropleth_svg(indicator=indicator, year=2024, values=rows)
    assert legend["classes"][0]["swatch"] == "swatch--p4" and legend["classes"][-1]["swatch"] == "swatch--p0"
    assert legend["city_text"] == "14,3 %"
    assert legend["missing"] is False and legend["suppressed"] is None
