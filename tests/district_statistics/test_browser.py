"""A planner imports figures in the browser: bad row, correction, import, then map and table show them."""

import pytest

from district_statistics.models import Value
from tests.district_statistics.factories import IndicatorFactory

HEADER = "Gebiet;Indikator;Jahr;Wert\n"
BAD = HEADER + "Sahlkamp;sgb2-quote;2024;24,1\nAtlantis;sgb2-quote;2024;7,5\nList;sgb2-quote;2024;6,4\n"
FIXED = HEADER + "Sahlkamp;sgb2-quote;2024;24,1\nLinden-Süd;sgb2-quote;2024;19,8\nList;sgb2-quote;2024;6,4\n"


def _file(text):
    return {"name": "sgb2.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_planner_fixes_a_bad_row_imports_and_sees_the_values_on_map_and_table(page, login, planner):
    indicator = IndicatorFactory(key="sgb2-quote", name="SGB-II-Quote")
    login(page, planner)
    page.goto("/statistik/import/")
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(_file(BAD))
    page.get_by_role("button", name="Datei prüfen").click()

    errors = page.get_by_test_id("row-errors")
    errors.wait_for()
    assert "Das Gebiet „Atlantis“ ist unbekannt" in errors.inner_text()
    assert "3" in errors.locator("tbody td").first.inner_text()
    assert page.get_by_role("button", name="Import bestätigen").count() == 0
    assert Value.objects.count() == 0

    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(_file(FIXED))
    page.get_by_role("button", name="Datei prüfen").click()
    page.get_by_text("Die Datei ist in Ordnung").wait_for()
    page.get_by_role("button", name="Import bestätigen (3 Werte)").click()

    page.wait_for_url(f"**{indicator.get_absolute_url()}")
    assert "Import abgeschlossen: 3 neue Werte" in page.locator(".messages").inner_text()
    ranking = page.get_by_test_id("ranking")
    first = ranking.locator("tbody tr").first
    assert "Sahlkamp" in first.inner_text() and "24,1 %" in first.inner_text()
    assert "19,8 %" in ranking.locator('tr[data-area="stadtteil-35"]').inner_text()
    area_on_map = page.locator('svg.choropleth path[data-area="stadtteil-21"] title')
    assert area_on_map.text_content() == "Sahlkamp: 24,1 %"
    assert page.locator("svg.choropleth path.choropleth__area").count() == 51
    assert Value.objects.count() == 3
