"""The read-only API under /api/v1/: each resource reads through opendata.selectors, filters with
the list page's own FilterSet and pages its results in an envelope carrying the licence."""

import json
from functools import lru_cache

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, routers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from actionplan.filters import MeasureFilter
from district_statistics.filters import ValueExportFilter
from opendata import selectors, serializers
from opendata.catalogue import catalogue
from opendata.downloads import DATASETS, VALUES_LICENCE_NOTE, download
from opendata.filtering import PageFilterBackend
from opendata.licence import GEODATA_LICENCE, city_licence, indicator_source, link_header
from opendata.pagination import OpenDataPagination, ValuePagination
from workshops.filters import OutcomeFilter


class ApiRootView(routers.APIRootView):
    """The addresses of every resource, of the documentation, schema and catalogue, and the licence."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data = {
            **response.data,
            "dokumentation": request.build_absolute_uri(reverse("opendata:documentation")),
            "schema": request.build_absolute_uri(reverse("opendata:schema")),
            "katalog": request.build_absolute_uri(reverse("opendata:catalogue")),
            "lizenz": city_licence(),
        }
        return response


class OpenDataMixin:
    pagination_class = OpenDataPagination
    filter_backends = [PageFilterBackend]

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            # Django's sentence names the model in English ("No Measure matches …"); a draft the
            # person may not see is simply not found, like a number that does not exist.
            raise NotFound() from None

    def last_modified(self):
        """When this resource last changed, for the Last-Modified header; None if the data cannot say."""
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            changed = self.last_modified()
            if changed is not None:
                response["Last-Modified"] = http_date(changed.timestamp())
        return response


class OpenDataViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    def get_serializer_class(self):
        # A list names its licence once in the envelope; a single record carries it itself.
        if self.action == "retrieve":
            return serializers.with_licence(self.serializer_class)
        return self.serializer_class


def _latest(*querysets_and_fields):
    dates = [qs.aggregate(latest=Max(field))["latest"] for qs, field in querysets_and_fields]
    dates = [date for date in dates if date is not None]
    return max(dates) if dates else None


@extend_schema_view(
    list=extend_schema(summary=gettext_noop("Maßnahmen"), description=(
        gettext_noop("Alle Maßnahmen, die Sie auf der Seite „Aktionsplan“ sehen – mit Statusverlauf, Meilensteinen, "
        "Fortschritt, aufgegriffenen Ergebnissen, Gebieten und Indikatoren. Filter wie auf der Seite."))),
    retrieve=extend_schema(summary=gettext_noop("Eine Maßnahme (nach ihrer Nummer)")),
)
class MeasureViewSet(OpenDataViewSet):
    serializer_class = serializers.MeasureSerializer
    filterset_class = MeasureFilter
    lookup_field = "reference"
    lookup_url_kwarg = "nummer"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return selectors.measures(self.request.user)

    def filterset_extra_kwargs(self, request):
        return {"user": request.user}

    def last_modified(self):
        from actionplan.models import Measure

        # The history table also records deletions, which a max(updated_at) would miss.
        return _latest((Measure.history.all(), "history_date"))


@extend_schema_view(
    list=extend_schema(summary=gettext_noop("Workshop-Ergebnisse"), description=(
        gettext_noop("Ergebnisse der Workshops aus Veranstaltungen, die Sie sehen dürfen (öffentlich: nur öffentliche "
        "Veranstaltungen). Filter wie auf der Seite „Ergebnisse“."))),
    retrieve=extend_schema(summary=gettext_noop("Ein Workshop-Ergebnis")),
)
class OutcomeViewSet(OpenDataViewSet):
    serializer_class = serializers.OutcomeSerializer
    filterset_class = OutcomeFilter
    lookup_url_kwarg = "kennung"

    def get_queryset(self):
        return selectors.outcomes(self.request.user)

    def filterset_extra_kwargs(self, request):
        from workshops.selectors import visible_events

        return {"events": visible_events(request.user)}

    def last_modified(self):
        from workshops.models import Outcome

        return _latest((Outcome.history.all(), "history_date"))


@extend_schema_view(
    list=extend_schema(summary=gettext_noop("Veranstaltungen"),
                       description=gettext_noop("Veranstaltungen mit ihren Workshops.")),
    retrieve=extend_schema(summary=gettext_noop("Eine Veranstaltung (nach ihrer Kennung)")),
)
class EventViewSet(OpenDataViewSet):
    serializer_class = serializers.EventSerializer
    lookup_field = "slug"
    lookup_url_kwarg = "kennung"

    def get_queryset(self):
        return selectors.events(self.request.user)

    def last_modified(self):
        return _latest((self.get_queryset(), "updated_at"))


@extend_schema_view(
    list=extend_schema(summary=gettext_noop("Indikatoren"), description=(
        gettext_noop("Veröffentlichte Indikatoren mit Definition, Quelle, Lizenz und Mindestfallzahl. Jeder Indikator "
        "hat seine eigene Quelle und Lizenz (Feld „quelle“)."))),
    retrieve=extend_schema(summary=gettext_noop("Ein Indikator (nach seinem Schlüssel)")),
)
class IndicatorViewSet(OpenDataViewSet):
    serializer_class = serializers.IndicatorSerializer
    lookup_field = "key"
    lookup_url_kwarg = "schluessel"

    def get_queryset(self):
        return selectors.indicators(self.request.user)

    def envelope_extras(self, page):
        return {"quellen": {indicator.key: indicator_source(indicator) for indicator in page}}


@extend_schema_view(
    list=extend_schema(summary=gettext_noop("Werte"), description=(
        gettext_noop("Werte der Indikatoren je Gebiet und Jahr, 1.000 je Seite. Werte aus weniger Fällen als der "
        "Mindestfallzahl sind wie auf den Seiten unterdrückt („wert“: null, „unterdrueckt“: true). "
        "Filter wie beim Statistik-Export: indikator (mehrfach), ebene, gebiet (mehrfach), jahr_von, "
        "jahr_bis. Quelle und Lizenz je Indikator stehen im Feld „quellen“ der Antwort."))),
)
class ValueViewSet(OpenDataMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.ValueSerializer
    filterset_class = ValueExportFilter
    pagination_class = ValuePagination

    def get_queryset(self):
        return selectors.values(self.request.user)

    @cached_property
    def lookups(self):
        return selectors.value_lookups()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **self.lookups}

    def envelope_extras(self, page):
        indicators = self.lookups["indicators"]
        on_page = {indicators[row["indicator_id"]] for row in page}
        return {
            "lizenz_hinweis": VALUES_LICENCE_NOTE,
            "quellen": {indicator.key: indicator_source(indicator)
                        for indicator in sorted(on_page, key=lambda i: (i.position, i.name))},
        }


@extend_schema_view(
    list=extend_schema(summary=gettext_noop("Gebiete"), description=(
        gettext_noop("Die Gesamtstadt, die 13 Stadtbezirke und die 51 Stadtteile mit amtlicher Nummer und "
                     "vereinfachter Grenze als GeoJSON (WGS 84)."))),
    retrieve=extend_schema(summary=gettext_noop("Ein Gebiet (nach seinem Schlüssel)")),
)
class AreaViewSet(OpenDataViewSet):
    serializer_class = serializers.AreaSerializer
    lookup_field = "key"
    lookup_url_kwarg = "schluessel"

    def get_queryset(self):
        return selectors.areas()

    def envelope_extras(self, page):
        return {"geodaten_lizenz": GEODATA_LICENCE}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # The boundaries are the Geoinformation's, under CC BY 4.0.
        response["Link"] = link_header(GEODATA_LICENCE["url"])
        return response


@extend_schema_view(
    list=extend_schema(summary=gettext_noop("Kommentare mit Stellungnahmen"), description=(
        gettext_noop("Kommentare der Beteiligung zu den Maßnahmen, die Sie sehen, mit der Antwort der Verwaltung "
        "(Abwägung). Vom Moderationsteam ausgeblendete Kommentare behalten ihren Platz, den Grund der "
        "Ausblendung und eine veröffentlichte Abwägung, aber nicht ihren Text – wie auf der Seite der Maßnahme "
        "und im Bericht. Antworten anderer Organisationen (antwort_auf) haben keine eigene Abwägung.")),
        parameters=[OpenApiParameter("massnahme", OpenApiTypes.STR, description=gettext_noop("Nummer der Maßnahme"))]),
    retrieve=extend_schema(summary=gettext_noop("Ein Kommentar")),
)
class CommentViewSet(OpenDataViewSet):
    serializer_class = serializers.CommentSerializer
    lookup_url_kwarg = "kennung"

    def get_queryset(self):
        comments = selectors.comments(self.request.user)
        reference = self.request.query_params.get("massnahme")
        if reference:
            comments = comments.filter(measure__reference=reference)
        return comments

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "sees_hidden": selectors.sees_hidden_comments(self.request.user)}


@extend_schema_view(
    list=extend_schema(summary=gettext_noop("Veröffentlichte Berichte"), description=(
        gettext_noop("Der Aktionsplan als PDF-Bericht: Metadaten und Download-Adresse der Berichte, die Sie "
                     "herunterladen dürfen (öffentlich: die vom Dezernat herausgegebenen)."))),
    retrieve=extend_schema(summary=gettext_noop("Ein Bericht")),
)
class ReportViewSet(OpenDataViewSet):
    serializer_class = serializers.ReportSerializer
    lookup_url_kwarg = "kennung"

    def get_queryset(self):
        return selectors.reports(self.request.user)

    def last_modified(self):
        return _latest((self.get_queryset(), "finished_at"))


class PassthroughRenderer(renderers.BaseRenderer):
    """Files (CSV, JSON, GeoJSON, JSON-LD) are built by the view; any Accept header may have them."""

    media_type = "*/*"
    format = "datei"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict):  # an error detail raised before the file was built
            return json.dumps(data, ensure_ascii=False).encode()
        return data


class FileView(APIView):
    renderer_classes = [renderers.JSONRenderer, PassthroughRenderer]


DOWNLOAD_DESCRIPTION = (
    gettext_noop("Der ganze Datensatz als Datei, so wie Sie ihn in der API sehen. CSV: Semikolon, UTF-8 mit BOM, "
    "Dezimalkomma; jede Zeile nennt Lizenz und Namensnennung (Werte: Quelle und Lizenz ihres Indikators). "
    "JSON: Lizenz und Quellen im Kopf, die Datensätze unter „daten“. Gebiete auch als GeoJSON.")
)


class DownloadView(FileView):
    @extend_schema(
        summary=gettext_noop("Datensatz herunterladen"), description=DOWNLOAD_DESCRIPTION, operation_id="download",
        parameters=[
            OpenApiParameter("dataset", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(DATASETS),
                             description=gettext_noop("Datensatz")),
            OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["csv", "json", "geojson"],
                             description=gettext_noop("Format (geojson nur für gebiete)")),
        ],
        responses={(200, "text/csv"): OpenApiTypes.BINARY, (200, "application/json"): OpenApiTypes.OBJECT},
    )
    def get(self, request, dataset, fmt):
        return download(request, dataset_key=dataset, fmt=fmt)


class IndicatorDownloadView(FileView):
    @extend_schema(
        summary=gettext_noop("Werte eines Indikators herunterladen"), description=DOWNLOAD_DESCRIPTION,
        operation_id="download_indicator_values",
        parameters=[
            OpenApiParameter("dataset", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["werte"]),
            OpenApiParameter("indikator", OpenApiTypes.STR, OpenApiParameter.PATH,
                             description=gettext_noop("Schlüssel des Indikators")),
            OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["csv", "json"]),
        ],
        responses={(200, "text/csv"): OpenApiTypes.BINARY, (200, "application/json"): OpenApiTypes.OBJECT},
    )
    def get(self, request, dataset, indikator, fmt):
        if dataset != "werte":
            raise Http404("Nur die Werte gibt es je Indikator.")
        return download(request, dataset_key=dataset, fmt=fmt, indicator_key=indikator)


class CatalogueView(FileView):
    @extend_schema(
        summary=gettext_noop("DCAT-AP.de-Katalog (JSON-LD)"), operation_id="catalogue",
        description=(gettext_noop("Alle Datensätze mit ihren Verteilungen (API, CSV, JSON, GeoJSON), Herausgeber, "
                     "Kontakt, Lizenz, zeitlicher und räumlicher Abdeckung – für Open-Data-Portale.")),
        responses={(200, "application/ld+json"): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        document = catalogue(request.build_absolute_uri)
        return HttpResponse(json.dumps(document, ensure_ascii=False, indent=1),
                            content_type="application/ld+json; charset=utf-8")


class CatalogueTurtleView(FileView):
    @extend_schema(
        summary=gettext_noop("DCAT-AP.de-Katalog (Turtle)"), operation_id="catalogue_turtle",
        description=gettext_noop("Derselbe Katalog in RDF-Turtle, für Harvester, die kein JSON-LD lesen."),
        responses={(200, "text/turtle"): OpenApiTypes.STR},
    )
    def get(self, request):
        from rdflib import Graph

        document = json.dumps(catalogue(request.build_absolute_uri), ensure_ascii=False)
        turtle = Graph().parse(data=document, format="json-ld").serialize(format="turtle")
        return HttpResponse(turtle, content_type="text/turtle; charset=utf-8")


@lru_cache(maxsize=1)
def _schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator(patterns=None).get_schema(request=None, public=True)


PARAMETER_PLACES = {"query": gettext_noop("Abfrage"), "path": gettext_noop("Pfad")}


def documentation(request):
    """The API documentation in German, rendered from the same OpenAPI schema the API serves."""
    schema = _schema()
    operations = []
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        parameters = [
            {"name": p["name"], "place": PARAMETER_PLACES.get(p["in"], p["in"]), "required": p.get("required", False),
             "description": p.get("description", "")}
            for p in operation.get("parameters", [])
        ]
        operations.append({"path": path, "summary": operation.get("summary", ""),
                           "description": operation.get("description", ""), "parameters": parameters,
                           "anchor": operation["operationId"]})
    public = AnonymousUser()
    indicators = list(selectors.indicators(public))
    return render(request, "opendata/documentation.html", {
        "operations": operations,
        "datasets": DATASETS.values(),
        "indicators": indicators,
        "licence": city_licence(),
        "geodata_licence": GEODATA_LICENCE,
        "api_root": request.build_absolute_uri(reverse("opendata:api-root")),
        "example_measure": selectors.measures(public).first(),
    })
