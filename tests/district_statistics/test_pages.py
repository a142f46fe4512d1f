"""What people read: suppression everywhere, the Dunkelziffer as a labelled range, example-data labels."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Area
from district_statistics.models import Indicator, Value
from district_statistics.numbers import dark_figure_range, present_value
from tests.district_statistics.factories import IndicatorFactory, NonTakeUpEstimateFactory, ValueFactory, fill_level

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_counts():
    """Persons in a Stadtteil: Wülferode has 3 (below the threshold of 5), Sahlkamp 37."""
    indicator = IndicatorFactory(key="kinder-notunterkunft", name="Kinder in Notunterkünften",
                                 unit=Indicator.Unit.PERSONS, decimals=0, suppression_threshold=5)
    ValueFactory(indicator=indicator, area=Area.objects.get(key="stadtteil-53"), value=Decimal(3))
    ValueFactory(indicator=indicator, area=Area.objects.get(key="stadtteil-21"), value=Decimal(37))
    ValueFactory(indicator=indicator, value=Decimal(465))
    return indicator


def _row_of(html, area_key):
    start = html.index(f'<tr data-area="{area_key}">')
    return html[start:html.index("</tr>", start)]


def test_small_count_is_shown_as_less_than_threshold_on_indicator_page(client, small_counts):
    html = client.get(small_counts.get_absolute_url()).content.decode()
    assert "&lt; 5" in _row_of(html, "stadtteil-53")
    assert ">3<" not in _row_of(html, "stadtteil-53")
    assert "Wülferode: &lt; 5" in html  # the map says the same
    assert ">37<" in _row_of(html, "stadtteil-21")


def test_small_rate_numerator_hides_value_numerator_and_denominator():
    indicator = IndicatorFactory(suppression_threshold=10)
    shown = present_value(indicator, value=Decimal("37.5"), numerator=Decimal(3), denominator=Decimal(8))
    assert (shown.value, shown.numerator, shown.denominator, shown.text) == (None, None, None, "< 10 Fälle")
    assert present_value(indicator, value=Decimal("12.5"), numerator=Decimal(10)).text == "12,5 %"


def test_small_count_is_suppressed_on_area_page(client, small_counts):
    html = client.get(reverse("statistics:area_detail", args=["stadtteil-wuelferode"])).content.decode()
    assert "&lt; 5" in html
    assert "Wülferode" in html
    assert "<td class=\"num\">3</td>" not in html


def test_small_count_is_suppressed_in_csv_and_json_exports(client, small_counts):
    response = client.get(reverse("statistics:export"), {"indikator": small_counts.pk, "format": "csv"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header_index = next(i for i, row in enumerate(rows) if row and row[0] == "Indikator-Schlüssel")
    data = {row[3]: row for row in rows[header_index + 1:]}
    assert data["stadtteil-53"][7] == "" and data["stadtteil-53"][10].startswith("< 5")
    assert data["stadtteil-21"][7] == "37"
    assert any("Lizenz" in row[0] for row in rows[:header_index])
    response = client.get(reverse("statistics:export"), {"indikator": small_counts.pk, "format": "json"})
    document = json.loads(response.content)
    by_area = {item["gebiet"]: item for item in document["werte"]}
    assert by_area["stadtteil-53"]["wert"] is None
    assert by_area["stadtteil-53"]["hinweis"].startswith("< 5")
    assert by_area["stadtteil-21"]["wert"] == 37
    assert document["indikatoren"][0]["lizenz"] == small_counts.licence


def test_export_selection_by_area_level_and_years(client):
    indicator = IndicatorFactory()
    fill_level(indicator, year=2020)
    fill_level(indicator, year=2024)
    fill_level(indicator, year=2024, kind=Area.Kind.DISTRICT)
    response = client.get(reverse("statistics:export"), {
        "indikator": indicator.pk, "ebene": "bezirk", "jahr_von": 2021, "jahr_bis": 2024, "format": "json"})
    values = json.loads(response.content)["werte"]
    assert len(values) == 13
    assert {item["jahr"] for item in values} == {2024}
    assert values[0]["wert"] == 5


def test_export_never_contains_unpublished_indicators_for_the_public(client):
    hidden = IndicatorFactory(is_published=False, key="entwurf")
    ValueFactory(indicator=hidden)
    response = client.get(reverse("statistics:export"), {"format": "json"})
    assert json.loads(response.content)["werte"] == []


def test_example_data_is_labelled_on_every_page_and_export(client):
    indicator = IndicatorFactory(is_example_data=True)
    fill_level(indicator)
    for url in (reverse("statistics:index"), indicator.get_absolute_url(),
                reverse("statistics:area_detail", args=["stadtteil-sahlkamp"])):
        assert "Beispieldaten" in client.get(url).content.decode(), url
    csv_text = client.get(reverse("statistics:export"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "Beispieldaten: erfundene Werte" in csv_text
    assert csv_text.strip().splitlines()[-1].endswith(";Beispieldaten")
    document = json.loads(client.get(reverse("statistics:export"), {"format": "json"}).content)
    assert document["indikatoren"][0]["beispieldaten"] is True
    assert all(item["beispieldaten"] for item in document["werte"])


def test_dark_figure_range_is_counted_divided_by_one_minus_rate():
    estimate = NonTakeUpEstimateFactory(rate_low=Decimal("34"), rate_high=Decimal("43"))
    result = dark_figure_range(estimate.indicator, estimate, Decimal("6600"), persons=True)
    assert result.low == Decimal("10000")  # 6600 / 0.66
    assert round(result.high) == Decimal("11579")  # 6600 / 0.57
    assert result.counted == Decimal("6600")
    assert result.text == "geschätzt inklusive Dunkelziffer: 10.000 bis 11.579 Personen (Schätzung)"


def test_dark_figure_is_shown_beside_the_counted_value_with_its_source(client):
    estimate = NonTakeUpEstimateFactory(rate_low=Decimal("34"), rate_high=Decimal("43"),
                                        source="IAB-Forschungsbericht 5/2013")
    indicator = estimate.indicator
    ValueFactory(indicator=indicator, area=Area.objects.get(key="stadtteil-21"), value=Decimal("26.4"),
                 numerator=Decimal("2640"), denominator=Decimal("10000"))
    ValueFactory(indicator=indicator, value=Decimal("13.2"))
    html = client.get(reverse("statistics:area_detail", args=["stadtteil-sahlkamp"])).content.decode()
    assert "gezählt" in html and "26,4 %" in html
    # 26.4 / 0.66 = 40.0 and 26.4 / 0.57 = 46.3
    assert "geschätzt inklusive Dunkelziffer: 40,0 % bis 46,3 % (Schätzung)" in html
    assert "4.000 bis 4.632 Personen" in html  # 2640 / 0.66 and / 0.57
    assert "IAB-Forschungsbericht 5/2013" in html
    # The counted figure itself stays as counted.
    assert Value.objects.get(indicator=indicator, area__key="stadtteil-21").value == Decimal("26.4")
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Schätzung inkl. Dunkelziffer" in page and "20,0 % bis 23,2 %" in page  # city 13.2


def test_indicator_page_shows_change_against_reference_year(client):
    indicator = IndicatorFactory()
    sahlkamp = Area.objects.get(key="stadtteil-21")
    ValueFactory(indicator=indicator, area=sahlkamp, year=2019, value=Decimal("25.0"))
    ValueFactory(indicator=indicator, area=sahlkamp, year=2024, value=Decimal("23.8"))
    html = client.get(indicator.get_absolute_url(), {"jahr": 2024, "vergleich": 2019}).content.decode()
    assert "−1,2 Prozentpunkte" in _row_of(html, "stadtteil-21")
    assert "2.024" not in html


def test_area_page_renders_panels_registered_by_other_apps(client, monkeypatch):
    from core.hooks import Hook
    from district_statistics import extensions

    def panel(request, area):
        return {"title": "Beitrag einer anderen App", "template": "statistics/includes/example_note.html",
                "context": {}}

    monkeypatch.setattr(extensions, "area_panels", Hook("statistics.area_panels", [panel]))
    html = client.get(reverse("statistics:area_detail", args=["stadtteil-sahlkamp"])).content.decode()
    assert "Beitrag einer anderen App" in html


def test_published_figures_page_lists_sources(client):
    html = client.get(reverse("statistics:published_figures")).content.decode()
    assert "lückenhaft" in html
    assert "hannover-entdecken.de" in html
    assert "population" not in html  # German only


def test_published_figures_speak_the_language_of_whoever_reads_them_not_of_the_first_reader(client):
    german = client.get(reverse("statistics:published_figures")).content.decode()
    assert "Stand 2019" in german
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("statistics:published_figures")).content.decode()
    assert "As of 2019" in english and "Stand 2019" not in english


def _many_indicators(count, prefix="viele"):
    for n in range(count):
        indicator = IndicatorFactory(key=f"{prefix}-{n}")
        fill_level(indicator, year=2023)
        fill_level(indicator, year=2024)
        ValueFactory(indicator=indicator, year=2024)
    return indicator


def _queries(client, url, params=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")  # site-wide answers (the demo banner) are cached by the first page anyone opens
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context.captured_queries)


def test_indicator_page_query_count_does_not_grow_with_values(client):
    few = _many_indicators(1)
    NonTakeUpEstimateFactory(indicator=few)
    baseline = _queries(client, few.get_absolute_url(), {"vergleich": 2023})
    many = _many_indicators(6, prefix="mehr")
    for year in range(2010, 2020):
        fill_level(many, year=year)
    NonTakeUpEstimateFactory(indicator=many)
    assert _queries(client, many.get_absolute_url(), {"vergleich": 2023}) == baseline
    assert baseline <= 8


def test_area_page_query_count_does_not_grow_with_indicators(client):
    urls = [reverse("statistics:area_detail", args=[slug]) for slug in ("stadtteil-sahlkamp", "stadtbezirk-mitte")]
    _many_indicators(1)
    baselines = [_queries(client, url) for url in urls]
    _many_indicators(8, prefix="mehr")
    assert [_queries(client, url) for url in urls] == baselines


def test_export_with_invalid_year_shows_the_form_with_a_german_error(client):
    response = client.get(reverse("statistics:export"), {"jahr_von": "zwanzig", "format": "csv"})
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Bitte geben Sie eine Zahl ein." in html
    assert 'value="zwanzig"' in html


def test_indicator_without_values_says_so(client):
    indicator = IndicatorFactory(name="Neuer Indikator")
    html = client.get(indicator.get_absolute_url(), {"jahr": "abc", "ebene": "unsinn"}).content.decode()
    assert "Für diesen Indikator liegen noch keine Werte vor." in html


def test_ranking_table_sorts_by_name_and_by_change(client):
    indicator = IndicatorFactory()
    fill_level(indicator, year=2019)
    fill_level(indicator, year=2024, step=Decimal("0.3"))
    url = indicator.get_absolute_url()
    by_name = client.get(url, {"sortierung": "name", "vergleich": 2019}).content.decode()
    assert by_name.index(">Ahlem<") < by_name.index(">Bemerode<") < by_name.index(">Zoo<")
    by_change = client.get(url, {"sortierung": "veraenderung", "vergleich": 2019}).content.decode()
    table = by_change[by_change.index('data-testid="ranking"'):]
    # Values rise by 0.5 per official number in 2019 but by 0.3 in 2024: the change is −0.2 per step,
    # so the largest increase (Mitte, ±0) comes first and Wülferode (−10,0) last.
    rows = table[table.index("<tbody>"):table.index("</tbody>")].split("</tr>")[:-1]
    assert ">Mitte<" in rows[0] and "±0,0 Prozentpunkte" in rows[0]
    assert ">Wülferode<" in rows[-1] and "−10,0 Prozentpunkte" in rows[-1]


def test_area_page_shows_where_the_area_lies(client):
    html = client.get(reverse("statistics:area_detail", args=["stadtteil-sahlkamp"])).content.decode()
    assert "Lage von Sahlkamp in Hannover" in html
    assert html.count('fill="#8a0d14"') == 1  # only Sahlkamp is highlighted among the 51 shapes
    district = client.get(reverse("statistics:area_detail", args=["stadtbezirk-mitte"])).content.decode()
    assert "Lage von Mitte in Hannover" in district


def test_bezirk_page_compares_its_stadtteile_with_suppression(client):
    indicator = IndicatorFactory(name="Kinder in Notunterkünften", unit=Indicator.Unit.PERSONS, decimals=0,
                                 suppression_threshold=5)
    ValueFactory(indicator=indicator, area=Area.objects.get(key="stadtteil-8"), value=Decimal(2))  # Zoo
    ValueFactory(indicator=indicator, area=Area.objects.get(key="stadtteil-9"), value=Decimal(12))  # Oststadt
    html = client.get(reverse("statistics:area_detail", args=["stadtbezirk-mitte"])).content.decode()
    assert "Die Stadtteile von Mitte im Vergleich" in html
    table = html[html.index("Neueste Werte der Stadtteile"):]
    assert "&lt; 5" in table[table.index(">Zoo<"):table.index("</tr>", table.index(">Zoo<"))]
    assert ">12<" in table[table.index(">Oststadt<"):table.index("</tr>", table.index(">Oststadt<"))]


def test_statistics_start_page_links_to_need_and_action_only_through_the_hook(client, monkeypatch):
    from core.hooks import HOOKS, Hook

    need_url = reverse("actionplan:need_and_action")
    assert f'href="{need_url}"' in client.get(reverse("statistics:index")).content.decode()

    # Statistics stands alone: without the action plan's registration the link is gone.
    monkeypatch.setitem(HOOKS, "statistics.index_links", Hook("statistics.index_links"))
    assert need_url not in client.get(reverse("statistics:index")).content.decode()


def test_area_page_says_how_the_area_compares_with_the_whole_city_in_the_readers_language(client):
    indicator = IndicatorFactory(key="sgb2-quote", name="SGB-II-Quote")
    ValueFactory(indicator=indicator, area=Area.objects.get(key="stadtteil-21"), value=Decimal("21.4"))
    ValueFactory(indicator=indicator, value=Decimal("12.2"))
    url = reverse("statistics:area_detail", args=[Area.objects.get(key="stadtteil-21").slug])
    assert "9,2 Prozentpunkte über der Gesamtstadt" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(url).content.decode()
    assert "9,2 percentage points above the whole city" in english and "über der Gesamtstadt" not in english
