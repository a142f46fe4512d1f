"""Full downloads as CSV, JSON and GeoJSON: the same rows as the API, licence in every file."""

import csv
import io
import json
from decimal import Decimal

from django.urls import reverse

from hannover_teilhabe.tabular import csv_response
from tests.actionplan.factories import make_measure
from tests.district_statistics.factories import IndicatorFactory


def _csv_rows(response):
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_measures_csv_holds_the_visible_measures_with_licence_on_every_row(client, world):
    rows = _csv_rows(client.get(reverse("opendata:download", args=["massnahmen", "csv"])))
    assert {row["nummer"] for row in rows} == {world["public"].reference, world["adopted"].reference}
    assert all(row["lizenz"] == "Datenlizenz Deutschland – Namensnennung – Version 2.0" for row in rows)
    assert all(row["namensnennung"].startswith("Landeshauptstadt Hannover") for row in rows)


def test_a_cell_that_starts_like_a_formula_is_neutralised(client, world, planner):
    make_measure(by=planner, title='=HYPERLINK("http://angreifer.example";"Klick")')
    rows = _csv_rows(client.get(reverse("opendata:download", args=["massnahmen", "csv"])))
    titles = {row["titel"] for row in rows}
    assert "'=HYPERLINK(\"http://angreifer.example\";\"Klick\")" in titles
    assert not any(title.startswith("=") for title in titles)


def test_the_shared_csv_writer_neutralises_formula_cells_but_keeps_negative_numbers():
    response = csv_response("probe", ["a", "b", "c"], [["=1+1", "-4,5", "@SUMME(A1)"]])
    row = response.content.decode("utf-8-sig").splitlines()[1]
    assert row == "'=1+1;-4,5;'@SUMME(A1)"


def test_the_values_csv_suppresses_like_the_pages_and_names_source_and_licence(client, world):
    rows = _csv_rows(client.get(reverse("opendata:download", args=["werte", "sgb2-quote", "csv"])))
    suppressed = next(row for row in rows if row["gebiet"] == world["suppressed_value"].area.key)
    assert suppressed["wert"] == ""
    assert suppressed["zaehler"] == ""
    assert suppressed["unterdrueckt"] == "ja"
    shown = next(row for row in rows if row["gebiet"] == world["shown_value"].area.key)
    assert shown["wert"] == "21,4"
    assert shown["lizenz"] == "Datenlizenz Deutschland – Namensnennung 2.0"
    assert "Statistikstelle" in shown["quelle"]


def test_the_values_json_carries_each_indicators_source(client, world):
    response = client.get(reverse("opendata:download", args=["werte", "json"]))
    document = json.loads(response.content)
    assert "attachment" in response["Content-Disposition"]
    assert document["quellen"]["sgb2-quote"]["herausgeber"] == "Landeshauptstadt Hannover, Statistikstelle"
    assert {value["indikator"] for value in document["daten"]} == {"sgb2-quote"}
    assert document["lizenz_hinweis"]


def test_an_unpublished_indicator_has_no_download_for_the_public(client, world, planner):
    url = reverse("opendata:download", args=["werte", "mietbelastung", "csv"])
    assert client.get(url).status_code == 404
    client.force_login(planner)
    assert client.get(url).status_code == 200


def test_the_areas_come_as_geojson_under_the_geodata_licence(client, world):
    response = client.get(reverse("opendata:download", args=["gebiete", "geojson"]))
    assert response["Content-Type"].startswith("application/geo+json")
    document = json.loads(response.content)
    assert document["type"] == "FeatureCollection"
    assert len(document["features"]) == 65
    assert document["lizenz"]["kennung"] == "CC-BY-4.0"
    quarter = next(f for f in document["features"] if f["id"] == world["shown_value"].area.key)
    assert quarter["properties"]["name"] == "Linden-Süd"
    assert quarter["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_an_unknown_dataset_or_format_is_not_found(client, world):
    assert client.get(reverse("opendata:download", args=["geheim", "csv"])).status_code == 404
    assert client.get(reverse("opendata:download", args=["massnahmen", "xlsx"])).status_code == 404
    assert client.get(reverse("opendata:download", args=["massnahmen", "geojson"])).status_code == 404


def test_every_json_download_opens_with_costs_and_example_data_in_it(client, world, planner):
    # A measure with an estimated cost (a Decimal) and an example-data indicator (a translated note)
    # are what the demo has and what broke the JSON files.
    make_measure(by=planner, title="Mit Kosten", cost_estimate=Decimal("380000.50"))
    IndicatorFactory(key="beispiel", name="Beispielindikator", is_example_data=True)
    for dataset in ("massnahmen", "ergebnisse", "veranstaltungen", "kommentare", "indikatoren", "werte", "gebiete"):
        response = client.get(reverse("opendata:download", args=[dataset, "json"]))
        assert response.status_code == 200, dataset
        assert json.loads(response.content)["lizenz"]["name"], dataset
    measures = json.loads(client.get(reverse("opendata:download", args=["massnahmen", "json"])).content)
    assert {m["titel"]: m["geschaetzte_kosten"] for m in measures["daten"]}["Mit Kosten"] == 380000.5
    indicators = json.loads(client.get(reverse("opendata:download", args=["indikatoren", "json"])).content)
    assert {i["schluessel"]: i["hinweis"] for i in indicators["daten"]}["beispiel"].startswith("Beispieldaten")


def test_amounts_in_the_csv_have_a_decimal_comma_like_every_other_number(client, world, planner):
    make_measure(by=planner, title="Mit Kosten", cost_estimate=Decimal("380000.50"))
    rows = _csv_rows(client.get(reverse("opendata:download", args=["massnahmen", "csv"])))
    assert {row["titel"]: row["geschaetzte_kosten"] for row in rows}["Mit Kosten"] == "380000,50"


def test_values_of_an_indicator_without_a_recorded_licence_carry_the_citys_licence_everywhere(client, world):
    from rdflib import Graph, URIRef
    from rdflib import namespace as ns

    from tests.district_statistics.factories import ValueFactory

    indicator = IndicatorFactory(key="ohne-lizenz", name="Ohne Lizenz", licence="", source_publisher="",
                                 source_publication="")
    ValueFactory(indicator=indicator, area=world["shown_value"].area, year=2024, value=Decimal("3.1"))
    rows = _csv_rows(client.get(reverse("opendata:download", args=["werte", "ohne-lizenz", "csv"])))
    assert [(row["lizenz"], row["namensnennung"]) for row in rows] == [
        ("Datenlizenz Deutschland – Namensnennung – Version 2.0",
         "Landeshauptstadt Hannover, Sozialdezernat – Aktionsplan gegen Armut")]
    source = client.get(reverse("opendata:value-list"), {"indikator": indicator.pk}).json()["quellen"]["ohne-lizenz"]
    assert source["lizenz"] == "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    assert source["namensnennung"] == "Landeshauptstadt Hannover, Sozialdezernat – Aktionsplan gegen Armut"
    # The catalogue says the same with the licence's URI.
    graph = Graph().parse(data=client.get(reverse("opendata:catalogue")).content.decode(), format="json-ld")
    dataset = next(d for d in graph.subjects(ns.RDF.type, ns.DCAT.Dataset)
                   if str(graph.value(d, ns.DCTERMS.title)).endswith("Ohne Lizenz"))
    assert graph.value(dataset, ns.DCTERMS.license) == URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")


def test_every_values_csv_row_names_its_indicators_source_licence_and_attribution(client, world):
    rows = _csv_rows(client.get(reverse("opendata:download", args=["werte", "csv"])))
    assert rows
    for row in rows:
        assert row["lizenz"] == "Datenlizenz Deutschland – Namensnennung 2.0"
        assert row["namensnennung"] == "Landeshauptstadt Hannover, Statistikstelle, Strukturdaten der Stadtteile"
