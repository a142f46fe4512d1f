"""Full downloads of each dataset as CSV and JSON (areas also as GeoJSON).

The rows come from the same selectors and serializers as the API, so a download holds exactly what
the requesting person sees in the API and on the pages. CSV goes through the platform's one CSV
writer (hannover_teilhabe.tabular), which neutralises formula cells; every row names its licence.
"""

import json
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_noop
from rest_framework.utils.encoders import JSONEncoder

from hannover_teilhabe.tabular import csv_response
from opendata import selectors, serializers
from opendata.licence import (
    GEODATA_LICENCE,
    city_licence,
    indicator_attribution,
    indicator_licence_name,
    indicator_source,
    indicator_source_text,
    link_header,
)

VALUES_LICENCE_NOTE = "Jeder Wert steht unter der Lizenz seines Indikators; Quelle und Lizenz stehen unter „quellen“."


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    rows: object  # callable(user, request) -> queryset or list
    serializer: type
    geojson: bool = False


DATASETS = {
    "massnahmen": Dataset(
        "massnahmen", gettext_noop("Maßnahmen des Aktionsplans gegen Armut"),
        gettext_noop("Maßnahmen mit Handlungsfeld, Status und Statusverlauf, Fortschritt, Meilensteinen, Federführung, "
        "Gebieten, Indikatoren und den Workshop-Ergebnissen, die sie aufgreifen."),
        lambda user, request: selectors.measures(user), serializers.MeasureSerializer,
    ),
    "ergebnisse": Dataset(
        "ergebnisse", gettext_noop("Ergebnisse der Workshops zum Aktionsplan gegen Armut"),
        gettext_noop("Was die Workshops des Fachtags „Armut und Teilhabe“ als erfolgreich, verbesserungsbedürftig oder "
        "dringend festgehalten haben, mit Handlungsfeld, Zielgruppen, Orten und Gewichtung."),
        lambda user, request: selectors.outcomes(user), serializers.OutcomeSerializer,
    ),
    "veranstaltungen": Dataset(
        "veranstaltungen", gettext_noop("Veranstaltungen und Workshops zum Aktionsplan gegen Armut"),
        gettext_noop("Fachtage und Beteiligungsrunden mit ihren Workshops."),
        lambda user, request: selectors.events(user), serializers.EventSerializer,
    ),
    "kommentare": Dataset(
        "kommentare", gettext_noop("Stellungnahmen der Verbände und Antworten der Verwaltung"),
        gettext_noop("Kommentare der Beteiligung zu den Maßnahmen mit der Abwägung der Verwaltung."),
        lambda user, request: selectors.comments(user), serializers.CommentSerializer,
    ),
    "indikatoren": Dataset(
        "indikatoren", gettext_noop("Indikatoren der Sozialstatistik Hannover"),
        gettext_noop("Definitionen, Quellen, Lizenzen und Mindestfallzahlen der veröffentlichten Indikatoren."),
        lambda user, request: selectors.indicators(user), serializers.IndicatorSerializer,
    ),
    "werte": Dataset(
        "werte", gettext_noop("Sozialstatistik der Stadtteile und Stadtbezirke Hannovers"),
        gettext_noop("Alle veröffentlichten Werte je Indikator, Gebiet und Jahr; kleine Fallzahlen sind unterdrückt."),
        lambda user, request: selectors.values(user), serializers.ValueSerializer,
    ),
    "gebiete": Dataset(
        "gebiete", gettext_noop("Stadtbezirke und Stadtteile Hannovers"),
        gettext_noop("Die Gesamtstadt, 13 Stadtbezirke und 51 Stadtteile mit amtlicher Nummer und vereinfachter "
                     "Grenze."),
        lambda user, request: selectors.areas(), serializers.AreaSerializer, geojson=True,
    ),
}


def dataset_licence(dataset):
    return GEODATA_LICENCE if dataset.key == "gebiete" else city_licence()


def _german_number(value):
    # Same convention as the statistics export: decimal comma, no grouping, ASCII minus.
    text = format(Decimal(str(value)), "f")
    return text.replace(".", ",")


def _flat(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float | Decimal):
        return _german_number(value)
    if isinstance(value, dict):
        return " – ".join(str(_flat(v)) for v in value.values() if v not in (None, "", [], {}))
    if isinstance(value, list):
        separator = "; " if any(isinstance(v, dict) for v in value) else ", "
        return separator.join(str(_flat(v)) for v in value)
    return value


def _stem(dataset, indicator=None):
    return f"{dataset.key}-{indicator.key}" if indicator is not None else dataset.key


def _sources(dataset, objects, lookups):
    if dataset.key == "werte":
        indicators = {lookups["indicators"][row["indicator_id"]] for row in objects}
        return {i.key: indicator_source(i) for i in sorted(indicators, key=lambda i: (i.position, i.name))}
    if dataset.key == "indikatoren":
        return {indicator.key: indicator_source(indicator) for indicator in objects}
    return None


def _csv(dataset, objects, data, lookups, *, indicator=None):
    if dataset.key == "werte":
        header = [*serializers.ValueSerializer().fields, "quelle", "lizenz", "namensnennung"]
        by_id = lookups["indicators"]
        rows = []
        for row, item in zip(objects, data, strict=True):
            indicator = by_id[row["indicator_id"]]
            rows.append([*(_flat(v) for v in item.values()), indicator_source_text(indicator),
                         indicator_licence_name(indicator), indicator_attribution(indicator)])
    else:
        if dataset.key == "gebiete":
            data = [{k: v for k, v in item.items() if k != "geometrie"} for item in data]
        licence = dataset_licence(dataset)
        fields = [k for k in dataset.serializer().fields if not (dataset.key == "gebiete" and k == "geometrie")]
        header = [*fields, "lizenz", "namensnennung"]
        rows = [[*(_flat(item[k]) for k in fields), licence["name"], licence["namensnennung"]] for item in data]
    return csv_response(_stem(dataset, indicator), header, rows)


def _json_response(document, filename, content_type="application/json; charset=utf-8"):
    # REST framework's encoder, as the API's answers use: costs are Decimals, some notes lazy translations.
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=1, cls=JSONEncoder),
                            content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _geojson(dataset, data):
    features = [
        {"type": "Feature", "id": item["schluessel"], "geometry": item["geometrie"],
         "properties": {k: v for k, v in item.items() if k != "geometrie"}}
        for item in data
    ]
    document = {"type": "FeatureCollection", "name": dataset.key, "lizenz": dataset_licence(dataset),
                "features": features}
    return _json_response(document, f"{dataset.key}-{timezone.localdate():%Y-%m-%d}.geojson",
                          content_type="application/geo+json; charset=utf-8")


def download(request, *, dataset_key, fmt, indicator_key=None):
    response = _download(request, dataset_key=dataset_key, fmt=fmt, indicator_key=indicator_key)
    if dataset_key == "gebiete":
        response["Link"] = link_header(GEODATA_LICENCE["url"])
    return response


def _download(request, *, dataset_key, fmt, indicator_key=None):
    dataset = DATASETS.get(dataset_key)
    if dataset is None or fmt not in ("csv", "json", "geojson") or (fmt == "geojson" and not dataset.geojson):
        raise Http404("Diesen Datensatz gibt es nicht in diesem Format.")
    objects = dataset.rows(request.user, request)
    indicator = None
    if indicator_key is not None:
        indicator = selectors.indicators(request.user).filter(key=indicator_key).first()
        if indicator is None:
            raise Http404("Diesen Indikator gibt es nicht oder er ist nicht veröffentlicht.")
        objects = objects.filter(indicator=indicator)
    objects = list(objects)
    lookups = selectors.value_lookups() if dataset.key == "werte" else {}
    context = {"request": request, "sees_hidden": selectors.sees_hidden_comments(request.user), **lookups}
    data = dataset.serializer(objects, many=True, context=context).data
    if fmt == "csv":
        return _csv(dataset, objects, data, lookups, indicator=indicator)
    if fmt == "geojson":
        return _geojson(dataset, data)
    document = {
        "titel": dataset.title if indicator is None else f"{dataset.title}: {indicator.name}",
        "beschreibung": dataset.description,
        "stand": timezone.localdate().isoformat(),
        "lizenz": dataset_licence(dataset),
        **({"lizenz_hinweis": VALUES_LICENCE_NOTE} if dataset.key == "werte" else {}),
        **({"quellen": sources} if (sources := _sources(dataset, objects, lookups)) is not None else {}),
        "daten": data,
    }
    return _json_response(document, f"{_stem(dataset, indicator)}-{timezone.localdate():%Y-%m-%d}.json")
