"""Finding a Stadtteil or Stadtbezirk from the way people write it in a spreadsheet.

One resolver for every import and demo, so "Döhren", "Doehren", "stadtteil-29", "29",
"Bezirk 8" and "Döhren-Wülfel (Stadtbezirk)" mean the same area everywhere. Statistics offices
publish some neighbouring Stadtteile as one row ("Ledeburg/Nordhafen"); such a row is reported
as merged, never silently matched to one of them.
"""

import re
import unicodedata
from dataclasses import dataclass

from core.models import Area

QUARTER = Area.Kind.QUARTER
DISTRICT = Area.Kind.DISTRICT
CITY = Area.Kind.CITY

# How tables name the whole city (compared after `fold`).
CITY_NAMES = frozenset({
    "stadt", "gesamtstadt", "hannover", "landeshauptstadt hannover", "stadt hannover", "hannover gesamt",
    "hannover insgesamt", "stadt insgesamt", "insgesamt", "hannover (gesamtstadt)", "lhh", "summe",
})

_LEVEL_PREFIXES = (("stadtbezirk ", DISTRICT), ("bezirk ", DISTRICT), ("stadtteil ", QUARTER))
_LEVEL_SUFFIX = re.compile(r"(.+?)\s*\((stadtbezirk|bezirk|stadtteil)\)")
_LEADING_NUMBER = re.compile(r"^(\d{1,2})[\s.:-]+(.+)$")
_MERGE_SEPARATOR = re.compile(r"\s*(?:/|\bund\b|&|\+)\s*")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


def fold(text):
    """'Groß-Buchholz', 'gross – buchholz' and 'GROSS-BUCHHOLZ' fold to the same text.

    Case, umlauts written as ae/oe/ue, ß written as ss, decomposed umlauts (macOS), typographic
    dashes and the spaces around them do not matter.
    """
    text = unicodedata.normalize("NFC", str(text)).strip().casefold()  # casefold turns ß into ss
    text = text.translate(_UMLAUTS)
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", text)


def _loose(folded):
    # "Linden Nord" for "Linden-Nord": a hyphen and a space are the same in a name.
    return folded.replace("-", " ")


def cell_text(cell):
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


@dataclass(frozen=True)
class AreaMatch:
    """What a text names: one area, several Stadtteile given as one row, or nothing known."""

    area: Area | None = None
    merged: tuple = ()

    @property
    def found(self):
        return self.area is not None


class AreaResolver:
    """Finds areas by key ("stadtteil-10"), official number or name; reads all areas once.

    `level` decides what a bare number or a name both levels carry (Mitte, Ricklingen) means;
    a prefix ("Bezirk Mitte", "Stadtteil 1") or suffix ("Mitte (Stadtbezirk)") in the text wins
    over it. A name only one level has is found whatever the level.
    """

    def __init__(self, areas=None):
        areas = list(Area.objects.all() if areas is None else areas)
        self._by_key = {area.key: area for area in areas}
        self._by_number = {(area.kind, area.number): area for area in areas if area.number is not None}
        self._by_name = {(area.kind, _loose(fold(area.name))): area for area in areas}
        self._city = next((area for area in areas if area.kind == CITY), None)

    def resolve(self, text, *, level=QUARTER, number=None):
        """An AreaMatch for `text`; `number` is an official number from a separate column, used
        when the text alone finds nothing."""
        text, number = cell_text(text), cell_text(number)
        if text:
            area = self._by_text(text, level)
            if area is not None:
                return AreaMatch(area=area)
            merged = self._merged(text)
            if merged:
                return AreaMatch(merged=merged)
        if number.isdigit():
            return AreaMatch(area=self._by_number.get((level, int(number))))
        return AreaMatch()

    def get(self, text, *, level=QUARTER):
        """The one area `text` names, or Area.DoesNotExist (for fixed names, e.g. in the demo)."""
        match = self.resolve(text, level=level)
        if match.area is None:
            raise Area.DoesNotExist(f"No area matches {text!r}")
        return match.area

    def _by_text(self, text, level):
        key = text.casefold()
        if key in self._by_key:
            return self._by_key[key]
        name = fold(text)
        if name in CITY_NAMES:
            return self._city
        if name.isdigit():
            return self._by_number.get((level, int(name)))
        suffix = _LEVEL_SUFFIX.fullmatch(name)
        if suffix:
            return self._name(suffix.group(1), Area.Kind.from_word(suffix.group(2)))
        for prefix, kind in _LEVEL_PREFIXES:
            if name.startswith(prefix):
                rest = name[len(prefix):].strip()
                if rest.isdigit():
                    return self._by_number.get((kind, int(rest)))
                return self._name(rest, kind)
        leading = _LEADING_NUMBER.match(name)
        if leading:
            # "21 Sahlkamp" or "21 - Sahlkamp" as numbered lists write it.
            area = self._name(leading.group(2), level) or self._name(leading.group(2), None)
            if area is not None:
                return area
        return self._name(name, level) or self._name(name, None)

    def _name(self, folded, kind):
        loose = _loose(folded)
        if kind is not None:
            return self._by_name.get((kind, loose))
        for other in (QUARTER, DISTRICT):
            area = self._by_name.get((other, loose))
            if area is not None:
                return area
        return None

    def _merged(self, text):
        parts = [part for part in _MERGE_SEPARATOR.split(fold(text)) if part]
        if len(parts) < 2:
            return ()
        quarters = []
        for part in parts:
            if part.isdigit():
                quarter = self._by_number.get((QUARTER, int(part)))
            else:
                quarter = self._name(part, QUARTER)
            if quarter is None:
                return ()
            quarters.append(quarter)
        return tuple(quarters)
