"""Open-data exports (CSV and JSON) of any selection of values, suppressed exactly like the pages."""

import json

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from district_statistics.numbers import (
    EXAMPLE_DATA_LABEL,
    EXAMPLE_DATA_NOTE,
    GEODATA_ATTRIBUTION,
    format_number,
    present_value,
)
from hannover_teilhabe.tabular import csv_response

HEADER = ["Indikator-Schlüssel", "Indikator", "Einheit", "Gebietsschlüssel", "Gebiet", "Ebene", "Jahr", "Wert",
          "Zähler", "Nenner", "Hinweis", "Quelle", "Lizenz", "Beispieldaten"]


def _source(indicator):
    parts = [indicator.source_publisher, indicator.source_publication, indicator.source_url]
    return ", ".join(part for part in parts if part)


def export_records(values):
    """Dicts per value after suppression; `values` must select_related indicator and area."""
    for value in values:
        indicator = value.indicator
        presented = present_value(indicator, value=value.value, numerator=value.numerator,
                                  denominator=value.denominator)
        note = ""
        if presented.suppressed:
            note = _("%(text)s – wegen kleiner Fallzahl nicht ausgewiesen") % {"text": presented.text}
        yield {
            "indicator": indicator,
            "value": value,
            "shown": presented,
            "note": note,
        }


def _preamble(indicators, title):
    lines = [title, _("Stand: %(date)s") % {"date": f"{timezone.localdate():%d.%m.%Y}"}]
    for indicator in indicators:
        lines.append(_("%(name)s: Quelle: %(value)s; Lizenz: %(value2)s") % {
                "name": indicator.name,
                "value": _source(indicator) or _("nicht angegeben"),
                "value2": indicator.licence or _("nicht angegeben"),
            })
    if any(indicator.is_example_data for indicator in indicators):
        lines.append(str(EXAMPLE_DATA_NOTE))
    lines.append(_("Werte aus weniger Fällen als der Mindestfallzahl werden nicht ausgewiesen („< N“)."))
    lines.append(_("Gebietsgrenzen der Karten: %(attribution)s") % {"attribution": GEODATA_ATTRIBUTION})
    return lines


def _plain(number, decimals):
    # No thousands separator and an ASCII minus: machines read the file as well as people.
    return "" if number is None else format_number(number, decimals, minus="-", grouping=False)


def csv_export(values, indicators, *, stem="statistik", title=None):
    title = title or _("Sozialstatistik Hannover")
    rows = []
    for record in export_records(values):
        indicator, value, shown = record["indicator"], record["value"], record["shown"]
        rows.append([
            indicator.key, indicator.name, indicator.get_unit_display(), value.area.key, value.area.name,
            value.area.get_kind_display(), value.year, _plain(shown.value, indicator.decimals),
            _plain(shown.numerator, 0), _plain(shown.denominator, 0), record["note"], _source(indicator),
            indicator.licence, str(EXAMPLE_DATA_LABEL) if indicator.is_example_data else "nein",
        ])
    return csv_response(stem, HEADER, rows, preamble=_preamble(indicators, title))


def _number(number):
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def json_export(values, indicators, *, stem="statistik", title=None):
    title = title or _("Sozialstatistik Hannover")
    document = {
        "titel": title,
        "stand": timezone.localdate().isoformat(),
        "hinweise": _preamble(indicators, title)[2:],
        "geodaten": GEODATA_ATTRIBUTION,
        "indikatoren": [
            {
                "schluessel": i.key, "name": i.name, "definition": i.definition, "einheit": i.get_unit_display(),
                "quelle": {"herausgeber": i.source_publisher, "veroeffentlichung": i.source_publication,
                           "url": i.source_url},
                "lizenz": i.licence, "mindestfallzahl": i.suppression_threshold,
                "beispieldaten": i.is_example_data,
                **({"hinweis": str(EXAMPLE_DATA_NOTE)} if i.is_example_data else {}),
            }
            for i in indicators
        ],
        "werte": [
            {
                "indikator": record["indicator"].key, "gebiet": record["value"].area.key,
                "gebiet_name": record["value"].area.name, "ebene": record["value"].area.get_kind_display(),
                "jahr": record["value"].year, "wert": _number(record["shown"].value),
                "zaehler": _number(record["shown"].numerator), "nenner": _number(record["shown"].denominator),
                **({"hinweis": record["note"]} if record["note"] else {}),
                **({"beispieldaten": True} if record["indicator"].is_example_data else {}),
            }
            for record in export_records(values)
        ],
    }
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=1),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate():%Y-%m-%d}.json"'
    return response
