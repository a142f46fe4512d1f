"""Real published figures from core/data/hannover/sourced_figures.csv, each with its source.

They are patchy and of mixed years and definitions, so the page lists them one by one per
area; they never fill the map or the ranking, and never mix with the example values.
"""

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlsplit

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.models import Area
from district_statistics.geo import DATA_DIR
from district_statistics.numbers import format_number

INDICATOR_NAMES = {
    "Einwohner (population, main residence)": "Einwohner*innen (Hauptwohnsitz)",
    "Arbeitslose (share, as published)": "Arbeitslose (Anteil, wie veröffentlicht)",
    "Arbeitslosenquote": "Arbeitslosenquote",
    "Arbeitslosenquote (infobox)": "Arbeitslosenquote",
    "Empfänger*innen von Transferleistungen zur Sicherung des Lebensunterhalts (share of residents)":
        "Empfänger*innen von Transferleistungen zur Sicherung des Lebensunterhalts (Anteil an der Bevölkerung)",
    "Transferleistungsquote (share of residents receiving state transfer benefits)":
        "Transferleistungsquote (Anteil der Bevölkerung mit staatlichen Transferleistungen)",
    "Empfänger von Transferleistungen (Hartz IV) share": "Empfänger*innen von Transferleistungen (Hartz IV), Anteil",
    "Kinderarmut: share of children dependent on state subsistence benefits":
        "Kinderarmut: Anteil der Kinder, die von staatlichen Leistungen zum Lebensunterhalt leben",
    "Share of residents receiving Hartz IV (SGB II) or Grundsicherung":
        "Anteil der Bevölkerung mit Hartz IV (SGB II) oder Grundsicherung",
    "Arbeitslose (count)": "Arbeitslose (Anzahl)",
}
DATE_NOTES = {
    "stand": "Stand", "report; data year not stated": "Bericht; Datenjahr nicht angegeben",
    "article; reference date not stated": "Artikel; Stichtag nicht angegeben", "article": "Artikel",
}
LEVEL_TITLES = {kind: kind.plural for kind in (Area.Kind.CITY, Area.Kind.DISTRICT, Area.Kind.QUARTER)}


@dataclass(frozen=True)
class PublishedFigure:
    level: str
    area_name: str
    indicator: str
    date: str
    value: str
    source_url: str
    source_host: str


def german_date(text):
    text = text.strip()
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return f"{match[3]}.{match[2]}.{match[1]}"
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return f"{match[2]}/{match[1]}"
    if match := re.fullmatch(r"(\d{4}) \((.+)\)", text):
        note = match[2]
        if note.casefold() == "stand":
            return _("Stand %(year)s") % {"year": match[1]}
        return f"{match[1]} ({DATE_NOTES.get(note, note)})"
    if match := re.search(r"(\d{2}\.\d{2}\.\d{4})", text):
        return _("ohne Datum (entspricht dem Stand %(match)s)") % {"match": match[1]}
    return text


def _value(raw, unit):
    number = Decimal(raw)
    if unit == "%":
        return f"{format_number(number, 1)} %"
    return format_number(number, 0)


def _source(raw):
    url = raw.split(" | ")[0].split(" (")[0].strip()
    return url, urlsplit(url).netloc.removeprefix("www.").rstrip(".")


def _figures():
    # The dates carry translated words: one cached reading per interface language.
    return _figures_in(get_language())


@lru_cache(maxsize=4)
def _figures_in(language):
    figures = []
    with open(DATA_DIR / "sourced_figures.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            url, host = _source(row["source"])
            figures.append(PublishedFigure(
                level=Area.Kind.from_word(row["area_level"]) or Area.Kind.QUARTER, area_name=row["area_name"],
                indicator=INDICATOR_NAMES.get(row["indicator"], row["indicator"]), date=german_date(row["year"]),
                value=_value(row["value"], row["unit"]), source_url=url, source_host=host,
            ))
    return tuple(figures)


def published_figures():
    """[(level title, [(area or None, area name, [figures])])] in the order city, Bezirke, Stadtteile."""
    all_areas = list(Area.objects.all())
    areas = {(area.kind, area.name): area for area in all_areas}
    city = next((area for area in all_areas if area.kind == Area.Kind.CITY), None)
    groups = []
    for kind in (Area.Kind.CITY, Area.Kind.DISTRICT, Area.Kind.QUARTER):
        by_area = {}
        for figure in _figures():
            if figure.level == kind:
                by_area.setdefault(figure.area_name, []).append(figure)
        if not by_area:
            continue
        entries = []
        for name in sorted(by_area):
            area = areas.get((kind, name)) or (city if kind == Area.Kind.CITY else None)
            entries.append((area, name, by_area[name]))
        groups.append((LEVEL_TITLES[kind], entries))
    return groups
