"""Maps and charts are written by escaped templates from prepared data, on boundaries simplified once."""

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.management import call_command

from actionplan.maps import implementation_map
from core.models import Area
from district_statistics.charts import time_series_svg
from district_statistics.geo import BOUNDARIES_FILE, geometry
from district_statistics.maps import choropleth_svg, legend_entries, locator_svg
from district_statistics.selectors import ranking
from opendata.geometry import geometry_of
from tests.district_statistics.factories import IndicatorFactory, ValueFactory, fill_level

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = """<script>alert("x")</script> & 'Quote'"""


def parsed(svg):
    # A browser and WeasyPrint read inline SVG as XML: one stray "<" or "&" and the picture is gone.
    return ET.fromstring(str(svg))


def texts(root, tag):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}{tag}")]


def test_a_hostile_indicator_or_area_name_is_shown_as_text_in_the_map():
    indicator = IndicatorFactory(name=HOSTILE, is_example_data=True, suppression_threshold=10)
    fill_level(indicator, numerator=Decimal(50))
    ValueFactory(indicator=indicator, value=Decimal("14.25"))
    Area.objects.filter(kind="stadtteil", name="Sahlkamp").update(name=f"Sahlkamp {HOSTILE}")

    for legend in (True, False):
        svg = choropleth_svg(indicator=indicator, year=2024, values=ranking(indicator=indicator, year=2024),
                             legend=legend)
        assert "<script>" not in svg
        root = parsed(svg)
        assert texts(root, "title")[0] == f"{HOSTILE} 2024 – Stadtteile"
        assert HOSTILE in texts(root, "desc")[0]
        assert [title for title in texts(root, "title") if title.startswith(f"Sahlkamp {HOSTILE}: ")]
        assert "Beispieldaten" in texts(root, "text")
        assert "Geodaten: Landeshauptstadt Hannover, Bereich Geoinformation, CC BY 4.0" in texts(root, "text")
        # Coordinates stay machine numbers whatever the page's locale ("12.5", never "12,5").
        for path in root.iter(f"{SVG}path"):
            assert re.fullmatch(r"[MLZ0-9. ]+", path.get("d")), path.get("d")[:40]
        assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))


def test_a_hostile_legend_head_and_summary_from_another_app_are_escaped():
    indicator = IndicatorFactory()
    fill_level(indicator)
    svg = choropleth_svg(indicator=indicator, year=2024, values=ranking(indicator=indicator, year=2024),
                         summary=HOSTILE, legend_head=(HOSTILE, "& Co"))
    root = parsed(svg)
    assert texts(root, "desc") == [HOSTILE]
    assert f"Klasse 5: {HOSTILE}" in texts(root, "text") and "& Co" in texts(root, "text")


def test_a_hostile_area_name_is_shown_as_text_in_the_locator_map():
    sahlkamp = Area.objects.get(kind="stadtteil", name="Sahlkamp")
    sahlkamp.name = f"Sahlkamp {HOSTILE}"
    root = parsed(locator_svg(sahlkamp))
    assert texts(root, "title") == [f"Lage von Sahlkamp {HOSTILE} in Hannover"]
    assert [path.get("fill") for path in root.iter(f"{SVG}path")].count("#8a0d14") == 1


def test_hostile_chart_title_area_and_marker_labels_are_shown_as_text():
    indicator = IndicatorFactory()
    svg = time_series_svg(
        indicator=indicator, title=HOSTILE, series=[(2020, Decimal("4.5")), (2021, None), (2022, Decimal("1234.5"))],
        city_series=[(2020, Decimal(3)), (2022, Decimal(5))], uid='x" onload="alert(1)', area_label=HOSTILE,
        markers=[(2021, f"Beginn {HOSTILE}")],
    )
    assert "<script>" not in svg
    root = parsed(svg)
    assert texts(root, "title") == [HOSTILE]
    assert texts(root, "desc") == [f"2020: 4,5 %; 2022: 1.234,5 %. Beginn {HOSTILE} 2021"]
    assert f"Beginn {HOSTILE}" in texts(root, "text") and HOSTILE in texts(root, "text")
    assert "Gesamtstadt (gestrichelt)" in texts(root, "text")
    assert root.get("aria-labelledby") == 'x" onload="alert(1)-t x" onload="alert(1)-d'
    assert root.get("onload") is None


def test_rendering_a_map_legend_locator_or_chart_asks_the_database_nothing(django_assert_num_queries):
    indicator = IndicatorFactory(suppression_threshold=10)
    fill_level(indicator, numerator=Decimal(50))
    rows = ranking(indicator=indicator, year=2024)
    bezirk_rows = ranking(indicator=indicator, year=2024, level="bezirk")
    sahlkamp = Area.objects.get(kind="stadtteil", name="Sahlkamp")
    with django_assert_num_queries(0):
        web = choropleth_svg(indicator=indicator, year=2024, values=rows, legend=False)
        pdf = choropleth_svg(indicator=indicator, year=2024, values=rows)
        bezirke = choropleth_svg(indicator=indicator, year=2024, level="bezirk", values=bezirk_rows)
        legend = legend_entries(indicator=indicator, rows=rows)
        locator = locator_svg(sahlkamp)
        chart = time_series_svg(indicator=indicator, title="Verlauf", series=[(2023, Decimal(2)), (2024, Decimal(3))])
    assert web.count("<path class=\"choropleth__area") == pdf.count("<path class=\"choropleth__area") == 51
    assert bezirke.count("<path class=\"choropleth__area") == 13
    assert len(legend["classes"]) == 5 and "Lage von Sahlkamp" in locator and "2024: 3,0 %" in chart


def test_the_implementation_map_draws_from_prepared_districts_without_queries(django_assert_num_queries):
    from types import SimpleNamespace

    districts = [SimpleNamespace(area=area, implementation_share=Decimal(10 * position) if position else None,
                                 measures=[object()] * position, total=SimpleNamespace(url=f"/liste/{area.pk}"))
                 for position, area in enumerate(Area.objects.filter(kind="bezirk").order_by("number"))]
    districts[1].area.name = HOSTILE
    with django_assert_num_queries(0):
        result = implementation_map(districts)
    root = parsed(result["svg"])
    assert f"{HOSTILE}: 10 % von 1" in texts(root, "title")
    assert "1 Stadtbezirk ohne Maßnahmen." in texts(root, "desc")[0]


def test_the_stored_boundaries_are_what_the_command_makes_from_the_sources(tmp_path):
    target = tmp_path / "grenzen.json"
    call_command("simplify_boundaries", ausgabe=target, stdout=open("/dev/null", "w"))  # noqa: SIM115
    made = json.loads(target.read_text(encoding="utf-8"))
    stored = json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))
    assert made == stored, "Grenzen neu vereinfachen: manage.py simplify_boundaries"
    assert len(stored["levels"]["stadtteil"]) == 51 and len(stored["levels"]["bezirk"]) == 13


def test_maps_and_open_data_use_the_same_stored_boundary():
    linden = Area.objects.get(kind="stadtteil", name="Linden-Mitte")
    shape = geometry("stadtteil").shapes[linden.number]
    assert geometry_of(linden) == shape.geojson
    ring = shape.geojson["coordinates"][0] if shape.geojson["type"] == "Polygon" else shape.geojson["coordinates"][0][0]
    assert ring[0] == ring[-1] and 9.6 < ring[0][0] < 9.9 and 52.3 < ring[0][1] < 52.5
    assert shape.path.startswith("M") and shape.path.endswith("Z")
