"""The OpenAPI schema is valid and documents every endpoint; the DCAT-AP.de catalogue parses as RDF
and names every dataset with licence, attribution and distributions."""

import json

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rdflib import Graph, Namespace, URIRef
from rdflib import namespace as ns

from opendata.urls import router

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")


def test_the_schema_served_by_the_platform_is_valid_openapi_3_and_covers_every_endpoint(client, db):
    response = client.get(reverse("opendata:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    expected = set()
    for prefix, viewset, _basename in router.registry:
        expected.add(f"/api/v1/{prefix}/")
        if hasattr(viewset, "retrieve"):
            expected.add(f"/api/v1/{prefix}/{{{viewset.lookup_url_kwarg}}}/")
    expected |= {"/api/v1/katalog.jsonld", "/api/v1/downloads/{dataset}.{fmt}",
                 "/api/v1/downloads/{dataset}/{indikator}.{fmt}"}
    assert expected <= paths
    measure_parameters = {p["name"] for p in schema["paths"]["/api/v1/massnahmen/"]["get"]["parameters"]}
    assert {"q", "status", "field_of_action", "area", "lead", "target_group", "seite"} <= measure_parameters
    value_parameters = {p["name"] for p in schema["paths"]["/api/v1/werte/"]["get"]["parameters"]}
    assert {"indikator", "ebene", "gebiet", "jahr_von", "jahr_bis"} <= value_parameters


def test_the_german_documentation_page_lists_every_endpoint_and_is_linked_from_the_footer(client, world):
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("opendata:documentation")}"' in page
    assert f'href="{reverse("opendata:catalogue")}"' in page
    documentation = client.get(reverse("opendata:documentation")).content.decode()
    for prefix, _viewset, _basename in router.registry:
        assert f"GET /api/v1/{prefix}/" in documentation
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in documentation
    assert "<script>" not in documentation  # a CSP with script-src 'self' is coming


def test_the_swagger_ui_loads_its_script_from_the_platform_without_inline_code(client, db):
    page = client.get(reverse("opendata:swagger")).content.decode()
    assert "<script>" not in page
    assert "cdn" not in page.lower()
    assert client.get(reverse("opendata:swagger"), {"script": ""}).status_code == 200


@pytest.fixture
def catalogue(client, world):
    response = client.get(reverse("opendata:catalogue"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    graph = Graph()
    graph.parse(data=response.content.decode(), format="json-ld")
    return graph


def _titles(graph):
    datasets = graph.subjects(ns.RDF.type, ns.DCAT.Dataset)
    return {str(graph.value(dataset, ns.DCTERMS.title)): dataset for dataset in datasets}


def test_the_catalogue_names_measures_outcomes_each_published_indicator_and_the_areas(catalogue, world):
    titles = set(_titles(catalogue))
    assert "Maßnahmen des Aktionsplans gegen Armut" in titles
    assert "Ergebnisse der Workshops zum Aktionsplan gegen Armut" in titles
    assert "Sozialstatistik Hannover: SGB-II-Quote" in titles
    assert "Stadtbezirke und Stadtteile Hannovers" in titles
    assert not any("Mietbelastung" in title for title in titles)


def test_every_dataset_has_licence_attribution_publisher_contact_and_distributions(catalogue, world):
    catalog = next(catalogue.subjects(ns.RDF.type, ns.DCAT.Catalog))
    assert catalogue.value(catalog, ns.DCTERMS.publisher) is not None
    datasets = list(catalogue.subjects(ns.RDF.type, ns.DCAT.Dataset))
    assert set(catalogue.objects(catalog, ns.DCAT.dataset)) == set(datasets)
    for dataset in datasets:
        for required in (ns.DCTERMS.title, ns.DCTERMS.description, ns.DCTERMS.publisher, ns.DCAT.contactPoint,
                         ns.DCTERMS.license, DCATDE.licenseAttributionByText, ns.DCTERMS.spatial, ns.DCAT.theme):
            assert catalogue.value(dataset, required) is not None, (dataset, required)
        distributions = list(catalogue.objects(dataset, ns.DCAT.distribution))
        assert len(distributions) >= 3  # the API, CSV and JSON
        for distribution in distributions:
            assert isinstance(catalogue.value(distribution, ns.DCAT.accessURL), URIRef)
            assert catalogue.value(distribution, ns.DCTERMS.format) is not None
            assert catalogue.value(distribution, ns.DCTERMS.license) is not None
            assert catalogue.value(distribution, DCATDE.licenseAttributionByText) is not None


def test_licences_are_uris_of_the_dcat_ap_de_vocabulary(catalogue, world):
    titles = _titles(catalogue)
    measures = titles["Maßnahmen des Aktionsplans gegen Armut"]
    assert catalogue.value(measures, ns.DCTERMS.license) == URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
    areas = titles["Stadtbezirke und Stadtteile Hannovers"]
    assert catalogue.value(areas, ns.DCTERMS.license) == URIRef("http://dcat-ap.de/def/licenses/cc-by/4.0")
    formats = {str(catalogue.value(d, ns.DCTERMS.format)) for d in catalogue.objects(areas, ns.DCAT.distribution)}
    assert "http://publications.europa.eu/resource/authority/file-type/GEOJSON" in formats


def test_the_catalogue_gives_temporal_coverage_and_modification_dates(catalogue, world):
    indicator = _titles(catalogue)["Sozialstatistik Hannover: SGB-II-Quote"]
    period = catalogue.value(indicator, ns.DCTERMS.temporal)
    assert str(catalogue.value(period, ns.DCAT.startDate)) == "2023-01-01"
    assert str(catalogue.value(period, ns.DCAT.endDate)) == "2024-12-31"
    # Every dataset says when it last changed, also statistics that came without an import (the demo's).
    for title, dataset in _titles(catalogue).items():
        assert catalogue.value(dataset, ns.DCTERMS.modified) is not None, title


def test_new_values_of_an_indicator_date_its_dataset(client, world, settings):
    import datetime
    from decimal import Decimal

    from django.utils import timezone
    from rdflib import Graph

    from core.models import Area
    from district_statistics.models import Indicator, Value

    settings.OPEN_DATA_CACHE_SECONDS = 0  # queryset updates below send no signal

    def modified():
        graph = Graph().parse(data=client.get(reverse("opendata:catalogue")).content, format="json-ld")
        return str(graph.value(_titles(graph)["Sozialstatistik Hannover: SGB-II-Quote"], ns.DCTERMS.modified))

    month_ago = timezone.now() - datetime.timedelta(days=30)
    Indicator.objects.filter(pk=world["indicator"].pk).update(updated_at=month_ago)
    Value.objects.filter(indicator=world["indicator"]).update(updated_at=month_ago)
    assert modified().startswith(timezone.localdate(month_ago).isoformat())
    # An import writes in bulk; its rows carry their date all the same.
    Value.objects.bulk_create([Value(indicator=world["indicator"], area=Area.objects.get(key="stadt"), year=2024,
                                     value=Decimal("20.1"))])
    assert modified().startswith(timezone.localdate().isoformat())


def test_every_distribution_in_the_catalogue_can_be_fetched(client, catalogue, world):
    for url in set(catalogue.objects(None, ns.DCAT.accessURL)):
        path = str(url).removeprefix("http://testserver")
        assert client.get(path).status_code == 200, path


def test_a_measure_reads_exactly_as_its_documented_fields_describe_it(world, planner):
    """The measure answer is built directly for speed; it must say what the schema's fields say."""
    from django.contrib.auth.models import AnonymousUser
    from rest_framework import serializers as drf
    from rest_framework.test import APIRequestFactory

    from opendata import selectors
    from opendata.serializers import MeasureSerializer, with_licence

    world["public"].milestones.create(date="2027-01-01", title="Start", done=True)
    request = APIRequestFactory().get("/api/v1/massnahmen/")
    for measure in selectors.measures(AnonymousUser()):
        serializer = MeasureSerializer(measure, context={"request": request})
        documented = drf.Serializer.to_representation(serializer, measure)
        assert serializer.data == documented
        assert list(serializer.data) == list(serializer.fields)
        alone = with_licence(MeasureSerializer)(measure, context={"request": request})
        assert alone.data == drf.Serializer.to_representation(alone, measure)


def test_the_catalogue_reads_the_same_as_turtle(client, catalogue, world):
    turtle = client.get(reverse("opendata:catalogue_turtle"))
    assert turtle["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.content, format="turtle")
    assert set(_titles(graph)) == set(_titles(catalogue))
    assert len(graph) == len(catalogue)
