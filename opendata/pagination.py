"""Pages of results in an envelope that carries the licence and attribution."""

from collections import OrderedDict

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from opendata.licence import city_licence


class OpenDataPagination(PageNumberPagination):
    page_size = 100
    page_query_param = "seite"
    page_size_query_param = "pro_seite"
    max_page_size = 1000
    invalid_page_message = "Diese Seite gibt es nicht."

    def envelope_extras(self):
        """More licence information for this page (e.g. the sources of the indicators on it)."""
        view = getattr(self, "view", None)
        extras = getattr(view, "envelope_extras", None)
        return extras(self.page.object_list) if extras else {}

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response(OrderedDict([
            ("anzahl", self.page.paginator.count),
            ("seite", self.page.number),
            ("seiten", self.page.paginator.num_pages),
            ("naechste", self.get_next_link()),
            ("vorherige", self.get_previous_link()),
            ("lizenz", city_licence()),
            *self.envelope_extras().items(),
            ("ergebnisse", data),
        ]))

    def get_paginated_response_schema(self, schema):
        licence = {"type": "object", "properties": {
            key: {"type": "string"} for key in ("name", "kennung", "url", "namensnennung")}}
        return {
            "type": "object",
            "required": ["anzahl", "ergebnisse", "lizenz"],
            "properties": {
                "anzahl": {"type": "integer", "example": 123},
                "seite": {"type": "integer", "example": 1},
                "seiten": {"type": "integer", "example": 2},
                "naechste": {"type": "string", "nullable": True, "format": "uri"},
                "vorherige": {"type": "string", "nullable": True, "format": "uri"},
                "lizenz": licence,
                "ergebnisse": schema,
            },
        }


class ValuePagination(OpenDataPagination):
    page_size = 1000
    max_page_size = 5000
