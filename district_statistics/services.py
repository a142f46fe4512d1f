"""Importing statistical values: one service for the upload pages and the management command.

Two layouts are understood:
- long: one value per row with the columns Gebiet, Indikator, Jahr, Wert and optionally Zähler,
  Nenner, Quelle, Ebene;
- wide: one row per area and one column per year, as statistics offices publish their tables;
  the indicator is chosen when importing.
Title rows above the header and notes below the table are skipped. A file either imports
completely or not at all; every problem is reported with its row number in German.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import changes
from core.areas import AreaResolver, cell_text, fold
from core.models import Area, PendingUpload, User
from district_statistics.models import ImportLog, Indicator, NonTakeUpEstimate, Value
from district_statistics.numbers import format_number
from district_statistics.selectors import COMPLETE_SHARE
from hannover_teilhabe import uploads
from hannover_teilhabe.tabular import TableError, find_header, normalise_header, parse_decimal, read_table

FORMAT_LONG = "long"
FORMAT_WIDE = "wide"
FORMAT_LABELS = {FORMAT_LONG: "Langformat", FORMAT_WIDE: "Breitformat"}
ON_CONFLICT = ("replace", "skip", "fail")
MIN_YEAR = 1990
MAX_VALUE = Decimal("1e11")
NO_VALUE_CELLS = {"", ".", "-", "–", "—", "x", "X", "…", "...", "/", "k. a.", "k.a.", "n. v.", "n.v."}
UPLOAD_KIND = "statistik"

LONG_COLUMNS = {
    "area": ("gebiet", "gebietsschluessel", "gebiet_schluessel", "stadtteil", "stadtbezirk", "bezirk", "raum",
             "gebietseinheit"),
    "indicator": ("indikator", "indikator_schluessel", "indikatorschluessel", "kennzahl"),
    "year": ("jahr", "stichjahr", "berichtsjahr"),
    "value": ("wert",),
    "numerator": ("zaehler",),
    "denominator": ("nenner",),
    "source": ("quelle", "quellenhinweis"),
    "level": ("ebene",),
}
AREA_HEADERS = ("gebiet", "stadtteil", "stadtbezirk", "bezirk", "name", "raum", "gebietseinheit", "stadtteilname")
NUMBER_HEADERS = ("nr", "nummer", "stadtteil_nr", "stadtteilnummer", "bezirk_nr", "schluessel", "gebietsschluessel",
                  "gebiet_nr", "lfd_nr")
_YEAR_IN_HEADER = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")


class ImportRefused(Exception):
    """The plan cannot be applied (errors, or conflicts with on_conflict="fail"); message in German."""


@dataclass
class PlannedValue:
    line: int
    area: Area
    indicator: Indicator
    year: int
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    source_note: str = ""
    existing: Value | None = None

    @property
    def key(self):
        return (self.indicator.pk, self.area.pk, self.year)

    @property
    def text(self):
        return exact_text(self.value)

    @property
    def existing_text(self):
        return exact_text(self.existing.value) if self.existing else ""


def exact_text(number: Decimal) -> str:
    """Every significant decimal in German notation: a conflict must not hide behind rounding."""
    normalised = number.normalize()
    decimals = max(0, -normalised.as_tuple().exponent)
    return format_number(normalised, decimals)


@dataclass
class RowMessage:
    line: int
    message: str


@dataclass
class ImportPlan:
    file_format: str
    values: list = field(default_factory=list)  # PlannedValue without an existing differing value
    errors: list = field(default_factory=list)  # RowMessage: the file cannot be imported
    notices: list = field(default_factory=list)  # RowMessage: skipped rows that are not wrong
    warnings: list = field(default_factory=list)  # str: importable, but worth a second look
    new: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    row_count: int = 0

    @property
    def is_valid(self):
        return not self.errors

    @property
    def skipped_rows(self):
        """Rows left out without being wrong; the preview and the result both say this number."""
        return len(self.notices)

    @property
    def indicators(self):
        seen = {}
        for planned in self.values:
            seen.setdefault(planned.indicator.pk, planned.indicator)
        return list(seen.values())

    def error(self, line, message):
        self.errors.append(RowMessage(line, message))

    def notice(self, line, message):
        self.notices.append(RowMessage(line, message))


# --- Resolving areas and indicators ---------------------------------------------------------


def _resolve_area(resolver: AreaResolver, cell: object, *, level: str | None,
                  number_cell: object = None) -> tuple[Area | None, str | None, str | None]:
    """(area, None, None), (None, error, None), or (None, None, notice) for a merged row."""
    match = resolver.resolve(cell, level=level, number=number_cell)
    if match.found:
        return match.area, None, None
    if match.merged:
        names = " und ".join(quarter.name for quarter in match.merged)
        return None, None, (_("„%(cell)s“ fasst die Stadtteile %(names)s zusammen. Ein gemeinsamer Wert lässt "
                              "sich nicht auf einzelne Stadtteile verteilen; bitte geben Sie getrennte Werte je "
                              "Stadtteil an.")
                                  % {"cell": cell, "names": names})
    shown = cell_text(cell) or cell_text(number_cell)
    if not shown:
        return None, "Das Gebiet fehlt.", None
    return None, (_("Das Gebiet „%(shown)s“ ist unbekannt (erwartet: Name, Nummer oder Schlüssel wie "
                    "„stadtteil-21“).") % {"shown": shown}), None


def _level_from_header(header: object) -> str:
    normalised = normalise_header(header)
    if "bezirk" in normalised:
        return Area.Kind.DISTRICT
    return Area.Kind.QUARTER


def _parse_year(cell: object) -> int:
    if isinstance(cell, bool):
        raise TableError(_("„%(cell)s“ ist keine Jahreszahl.") % {"cell": cell})
    if isinstance(cell, int | float) and float(cell).is_integer():
        return int(cell)
    text = str(cell).strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    raise TableError(_("„%(cell)s“ ist keine Jahreszahl.") % {"cell": cell})


def _check_year(year: int, latest: int) -> int:
    if not MIN_YEAR <= year <= latest:
        raise TableError(_("Das Jahr %(year)s liegt außerhalb des erlaubten Bereichs (%(first)s bis %(latest)s).")
            % {"year": year, "first": MIN_YEAR, "latest": latest})
    return year


def _parse_number(cell: object, label: str) -> Decimal:
    try:
        number = parse_decimal(cell)
    except TableError as error:
        raise TableError(f"{label}: {error}")
    if abs(number) >= MAX_VALUE:
        raise TableError(_("%(label)s: „%(cell)s“ ist zu groß.") % {"label": label, "cell": cell})
    return number.quantize(Decimal("0.0001"))


NON_NEGATIVE_UNITS = {
    Indicator.Unit.PERCENT: "Prozent",
    Indicator.Unit.PERSONS: "Personen",
    Indicator.Unit.EURO: "Euro",
    Indicator.Unit.PER_THOUSAND: "je 1.000 Einwohner*innen",
}


def _shown(raw: object, number: Decimal) -> str:
    # As typed in a CSV; a number from an XLSX cell in German notation.
    return raw.strip() if isinstance(raw, str) else exact_text(number)


def _implausible(indicator: Indicator, number: Decimal, raw: object, label: str) -> str | None:
    """A German message if the value cannot be true in the indicator's unit, else None.

    Such values would otherwise go live at once and top the ranking (150 % in Ahlem).
    """
    if indicator.unit == Indicator.Unit.PERCENT and not 0 <= number <= 100:
        return (_("%(label)s: „%(shown)s“ ist kein möglicher Anteil; Prozentwerte liegen zwischen 0 und 100.")
                % {"label": label, "shown": _shown(raw, number)})
    if indicator.unit in NON_NEGATIVE_UNITS and number < 0:
        return (_("%(label)s: „%(shown)s“ ist negativ; in der Einheit „%(unit)s“ sind keine "
                  "negativen Werte möglich.")
                      % {"label": label, "shown": _shown(raw, number), "unit": NON_NEGATIVE_UNITS[indicator.unit]})
    return None


def _is_no_value(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() in NO_VALUE_CELLS)


# --- Reading a table into a plan ------------------------------------------------------------


NO_HEADER = gettext_lazy(
    "Keine Kopfzeile gefunden. Im Langformat braucht die Datei die Spalten Gebiet, Indikator, Jahr und Wert; "
    "im Breitformat steht in der ersten Spalte das Gebiet und in den weiteren Spalten je ein Jahr (z. B. 2019, "
    "2020 …).")


def _is_long_header(row: list) -> bool:
    return {"area", "indicator", "year", "value"} <= set(_long_columns(row))


def _is_wide_header(row: list) -> bool:
    return bool(row) and _year_of_header(row[0]) is None and any(_year_of_header(cell) for cell in row)


def detect_layout(table: list[list]) -> tuple[str, int]:
    """(format, header row index) read from the header itself; raises TableError if there is none."""
    index, test = find_header(table, _is_long_header, _is_wide_header)
    if index is None:
        raise TableError(str(NO_HEADER))
    return (FORMAT_LONG, FORMAT_WIDE)[test], index


def suggest_indicator(table: list[list], *, header_index: int | None = None) -> Indicator | None:
    """The indicator a title line above the header names ("SGB-II-Quote in den Stadtteilen 2019–2024").

    The longest name or key found wins, so "SGB-II-Quote unter 15" beats "SGB-II-Quote".
    """
    if header_index is None:
        try:
            _format, header_index = detect_layout(table)
        except TableError:
            return None
    title = fold(" ".join(str(cell) for row in table[:header_index] for cell in row if cell not in ("", None)))
    if not title:
        return None
    best, best_length = None, 0
    for candidate in Indicator.objects.all():
        for name in (fold(candidate.name), candidate.key.casefold()):
            if name and len(name) > best_length and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", title):
                best, best_length = candidate, len(name)
    return best


def _long_columns(header: list) -> dict[str, int]:
    names = [normalise_header(cell) for cell in header]
    columns = {}
    for role, synonyms in LONG_COLUMNS.items():
        for position, name in enumerate(names):
            if name in synonyms and role not in columns:
                columns[role] = position
    return columns


def _parse_long(rows: list[list], plan: ImportPlan, resolver: AreaResolver, indicators: dict[str, Indicator]) -> None:
    header_index, _test = find_header(rows, _is_long_header)
    if header_index is None:
        raise TableError(str(NO_HEADER))
    columns = _long_columns(rows[header_index])
    default_kind = _level_from_header(rows[header_index][columns["area"]])
    latest = timezone.localdate().year

    def cell(row, role):
        position = columns.get(role)
        if position is None or position >= len(row):
            return ""
        return row[position]

    for offset, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        if all(cell(row, role) == "" for role in ("indicator", "year", "value")):
            # Notes under the table ("Quelle: …") carry no value.
            plan.notice(offset, _("Zeile „%(cell)s“ ohne Indikator, Jahr und Wert übersprungen.")
                % {"cell": cell(row, 'area')})
            continue
        if _is_no_value(cell(row, "value")) and cell(row, "area") != "" and cell(row, "year") != "":
            # A row without a value (e.g. one suppressed in an export) is skipped, not an error.
            plan.notice(offset, _("Zeile ohne Wert übersprungen (%(cell)s, %(cell2)s).")
                % {"cell": cell(row, 'area'), "cell2": cell(row, 'year')})
            continue
        plan.row_count += 1
        problems = []
        kind = default_kind
        level_text = fold(cell(row, "level")) if cell(row, "level") != "" else ""
        if level_text:
            kind = Area.Kind.from_word(level_text)
            if kind is None:
                problems.append(_("Die Ebene „%(cell)s“ ist unbekannt (Stadtteil, Stadtbezirk oder Stadt).")
                    % {"cell": cell(row, 'level')})
                kind = default_kind
        area, area_error, merged = _resolve_area(resolver, cell(row, "area"), level=kind)
        if merged:
            plan.notice(offset, _("Zeile übersprungen: %(merged)s") % {"merged": merged})
            continue
        if area is None:
            problems.append(area_error)
        indicator_key = str(cell(row, "indicator")).strip()
        indicator = indicators.get(indicator_key.casefold()) or indicators.get(fold(indicator_key))
        if indicator is None:
            problems.append(_("Der Indikator „%(indicator_key)s“ ist unbekannt.")
                % {"indicator_key": indicator_key} if indicator_key
                            else _("Der Indikator fehlt."))
        year = None
        try:
            year = _check_year(_parse_year(cell(row, "year")), latest)
        except TableError as error:
            problems.append(str(error) if cell(row, "year") != "" else _("Das Jahr fehlt."))
        numbers = {}
        for role, label in (("value", _("Wert")), ("numerator", _("Zähler")), ("denominator", _("Nenner"))):
            raw = cell(row, role)
            if raw == "" and role != "value":
                numbers[role] = None
                continue
            try:
                numbers[role] = _parse_number(raw, label)
            except TableError as error:
                problems.append(str(error))
                continue
            if role != "value" and numbers[role] < 0:
                shown = _shown(raw, numbers[role])
                problems.append(_("%(label)s: „%(shown)s“ ist negativ; eine Fallzahl kann nicht negativ sein.")
                    % {"label": label, "shown": shown})
            elif role == "value" and indicator is not None:
                problem = _implausible(indicator, numbers[role], raw, label)
                if problem:
                    problems.append(problem)
        if problems:
            plan.error(offset, " ".join(problems))
            continue
        plan.values.append(PlannedValue(
            line=offset, area=area, indicator=indicator, year=year, value=numbers["value"],
            numerator=numbers["numerator"], denominator=numbers["denominator"],
            source_note=str(cell(row, "source")).strip()[:500],
        ))


def _year_of_header(cell: object) -> int | None:
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        return int(cell) if 1900 <= int(cell) <= 2100 else None
    matches = _YEAR_IN_HEADER.findall(str(cell))
    return int(matches[0]) if len(matches) == 1 else None


def _parse_wide(rows: list[list], plan: ImportPlan, resolver: AreaResolver, indicator: Indicator) -> None:
    header_index, _test = find_header(rows, _is_wide_header)
    if header_index is None:
        raise TableError(str(NO_HEADER))
    header = rows[header_index]
    year_columns = [(position, _year_of_header(c)) for position, c in enumerate(header) if _year_of_header(c)]
    first_year_column = year_columns[0][0]
    label_columns = list(range(first_year_column))
    names = [normalise_header(header[p]) for p in label_columns]
    number_column = next((p for p, name in zip(label_columns, names, strict=True) if name in NUMBER_HEADERS), None)
    name_column = next((p for p, name in zip(label_columns, names, strict=True)
                        if p != number_column and (name in AREA_HEADERS or name == "")), None)
    if name_column is None:
        name_column = next((p for p in label_columns if p != number_column), label_columns[0] if label_columns else 0)
    area_header = header[name_column] if name_column < len(header) else ""
    default_kind = _level_from_header(area_header)
    latest = timezone.localdate().year
    bad_years = [year for _, year in year_columns if not MIN_YEAR <= year <= latest]
    if bad_years:
        plan.error(header_index + 1, _("Die Spalte für das Jahr %(year)s liegt außerhalb des erlaubten Bereichs "
                                       "(%(first)s bis %(latest)s).")
                                           % {"year": bad_years[0], "first": MIN_YEAR, "latest": latest})
        return
    for offset, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        cells = [(year, row[position] if position < len(row) else "") for position, year in year_columns]
        filled = [(year, value) for year, value in cells if not _is_no_value(value)]
        name_cell = row[name_column] if name_column < len(row) else ""
        number_cell = row[number_column] if number_column is not None and number_column < len(row) else None
        if not filled:
            if name_cell not in ("", None):
                plan.notice(offset, _("Zeile „%(name_cell)s“ ohne Werte übersprungen.") % {"name_cell": name_cell})
            continue
        plan.row_count += 1
        area, area_error, merged = _resolve_area(resolver, name_cell, level=default_kind, number_cell=number_cell)
        if merged:
            plan.notice(offset, _("Zeile übersprungen: %(merged)s") % {"merged": merged})
            continue
        problems = [] if area else [area_error]
        parsed = []
        for year, raw in filled:
            try:
                number = _parse_number(raw, _("Wert für %(year)s") % {"year": year})
            except TableError as error:
                problems.append(str(error))
                continue
            problem = _implausible(indicator, number, raw, _("Wert für %(year)s") % {"year": year})
            if problem:
                problems.append(problem)
            else:
                parsed.append((year, number))
        if problems:
            plan.error(offset, " ".join(problems))
            continue
        for year, value in parsed:
            plan.values.append(PlannedValue(line=offset, area=area, indicator=indicator, year=year, value=value))


def _compare_with_existing(plan: ImportPlan) -> None:
    """Sort planned values into new, unchanged and conflicting with one query for existing rows."""
    if not plan.values:
        return
    indicator_ids = {planned.indicator.pk for planned in plan.values}
    years = {planned.year for planned in plan.values}
    existing = {
        (value.indicator_id, value.area_id, value.year): value
        for value in Value.objects.filter(indicator_id__in=indicator_ids, year__in=years)
        .only("id", "indicator_id", "area_id", "year", "value", "numerator", "denominator", "source_note")
    }
    for planned in plan.values:
        current = existing.get(planned.key)
        if current is None:
            plan.new.append(planned)
            continue
        planned.existing = current
        same = (current.value == planned.value
                and (planned.numerator is None or current.numerator == planned.numerator)
                and (planned.denominator is None or current.denominator == planned.denominator))
        (plan.unchanged if same else plan.conflicts).append(planned)


COVERAGE_LEVELS = ((Area.Kind.QUARTER, "Stadtteilen"), (Area.Kind.DISTRICT, "Stadtbezirken"))


def _check_coverage(plan: ImportPlan) -> None:
    """Warn when a year will have values for fewer than half the areas of a level after the import.

    The pages keep opening on the last complete year (selectors.COMPLETE_SHARE), but the planner
    should know before confirming that, say, 3 of 51 Stadtteile make no map.
    """
    planned = {}
    for value in plan.values:
        if value.area.kind in dict(COVERAGE_LEVELS):
            planned.setdefault((value.indicator.pk, value.year, value.area.kind), set()).add(value.area.pk)
    if not planned:
        return
    indicators = {value.indicator.pk: value.indicator for value in plan.values}
    existing = Value.objects.filter(
        indicator_id__in={key[0] for key in planned}, year__in={key[1] for key in planned},
        area__kind__in={key[2] for key in planned},
    ).order_by().values_list("indicator_id", "year", "area__kind", "area_id")
    covered = {key: set(area_ids) for key, area_ids in planned.items()}
    for indicator_id, year, kind, area_id in existing:
        if (indicator_id, year, kind) in covered:
            covered[(indicator_id, year, kind)].add(area_id)
    totals = dict(Area.objects.filter(kind__in=dict(COVERAGE_LEVELS)).order_by().values("kind")
                  .annotate(total=Count("id")).values_list("kind", "total"))
    for (indicator_id, year, kind), area_ids in sorted(covered.items(), key=lambda item: (item[0][1], item[0][2])):
        total = totals.get(kind, 0)
        if total and len(area_ids) < total * COMPLETE_SHARE:
            message = (
                _("%(name)s %(year)s: Nach dem Import gibt es nur für %(count)s von %(total)s Stadtteilen "
                  "Werte. Solange nicht mindestens die Hälfte Werte hat, öffnen Karte und Rangfolge auf dem "
                  "neuesten vollständigeren Jahr, falls es eines gibt; %(year)s bleibt auswählbar.")
                if kind == Area.Kind.QUARTER else
                _("%(name)s %(year)s: Nach dem Import gibt es nur für %(count)s von %(total)s Stadtbezirken "
                  "Werte. Solange nicht mindestens die Hälfte Werte hat, öffnen Karte und Rangfolge auf dem "
                  "neuesten vollständigeren Jahr, falls es eines gibt; %(year)s bleibt auswählbar.")
            )
            plan.warnings.append(message % {
                "name": indicators[indicator_id].name, "year": year, "count": len(area_ids), "total": total,
            })


def _check_duplicates(plan: ImportPlan) -> None:
    seen = {}
    unique = []
    for planned in plan.values:
        first = seen.get(planned.key)
        if first is not None:
            plan.error(planned.line, f"Doppelter Wert: {planned.area.name}, {planned.indicator.name}, "
                                     f"{planned.year} steht schon in Zeile {first}.")
            continue
        seen[planned.key] = planned.line
        unique.append(planned)
    plan.values = unique


def plan_import(*, table: list[list], file_format: str | None = None, indicator: Indicator | None = None) -> ImportPlan:
    """Read the rows of a table (from `read_table`) into a plan; raises TableError if it is no table.

    Without `file_format` the layout is read from the header; a wide table without `indicator`
    takes the one its title line names.
    """
    if file_format is None:
        file_format, _header_index = detect_layout(table)
    if file_format not in FORMAT_LABELS:
        raise TableError(_("Bitte wählen Sie Lang- oder Breitformat."))
    plan = ImportPlan(file_format=file_format)
    resolver = AreaResolver()
    if file_format == FORMAT_WIDE:
        indicator = indicator or suggest_indicator(table)
        if indicator is None:
            raise TableError(_("Bitte wählen Sie für das Breitformat den Indikator."))
        _parse_wide(table, plan, resolver, indicator)
    else:
        indicators = {}
        for candidate in Indicator.objects.all():
            indicators[candidate.key.casefold()] = candidate
            indicators.setdefault(fold(candidate.name), candidate)
        _parse_long(table, plan, resolver, indicators)
    _check_duplicates(plan)
    plan.errors.sort(key=lambda message: message.line)
    if plan.is_valid:
        _compare_with_existing(plan)
        _check_coverage(plan)
    if plan.is_valid and not plan.values:
        plan.error(0, "Die Datei enthält keine Werte zum Importieren.")
    return plan


def plan_file(*, file: UploadedFile, file_format: str | None = None, indicator: Indicator | None = None) -> ImportPlan:
    return plan_import(table=read_table(file), file_format=file_format, indicator=indicator)


def apply_import(*, plan: ImportPlan, on_conflict: str, user: User | None = None, filename: str = "",
                 note: str = "") -> ImportLog:
    """Save a valid plan completely or not at all and record an ImportLog."""
    try:
        return _apply_import(plan=plan, on_conflict=on_conflict, user=user, filename=filename, note=note)
    except IntegrityError:
        # Someone else saved values for the same keys since the file was checked.
        raise ImportRefused(_("Inzwischen wurden Werte für dieselben Gebiete und Jahre gespeichert. Bitte prüfen Sie "
                            "die Datei erneut; es wurde nichts gespeichert."))


@transaction.atomic
def _apply_import(*, plan: ImportPlan, on_conflict: str, user: User | None, filename: str, note: str) -> ImportLog:
    if on_conflict not in ON_CONFLICT:
        raise ValueError(f"unknown on_conflict {on_conflict!r}")
    if not plan.is_valid:
        raise ImportRefused(_("Die Datei enthält Fehler; es wurde nichts gespeichert."))
    if plan.conflicts and on_conflict == "fail":
        count = len(plan.conflicts)
        raise ImportRefused(ngettext(
            "%(count)s Wert weicht von bereits gespeicherten ab. Bitte wählen Sie, ob er ersetzt oder "
            "übersprungen werden soll; es wurde nichts gespeichert.",
            "%(count)s Werte weichen von bereits gespeicherten ab. Bitte wählen Sie, ob sie ersetzt oder "
            "übersprungen werden sollen; es wurde nichts gespeichert.",
            count,
        ) % {"count": format_number(count, 0)})
    Value.objects.bulk_create(
        [Value(indicator=p.indicator, area=p.area, year=p.year, value=p.value, numerator=p.numerator,
               denominator=p.denominator, source_note=p.source_note) for p in plan.new],
        batch_size=2000,
    )
    replaced = []
    if on_conflict == "replace":
        # Delete and re-insert: far faster than bulk_update's CASE expressions for tens of thousands
        # of rows, and nothing refers to a Value row by its id.
        for planned in plan.conflicts:
            current = planned.existing
            replaced.append(Value(
                indicator=planned.indicator, area=planned.area, year=planned.year, value=planned.value,
                numerator=planned.numerator if planned.numerator is not None else current.numerator,
                denominator=planned.denominator if planned.denominator is not None else current.denominator,
                source_note=planned.source_note or current.source_note,
            ))
        ids = [planned.existing.pk for planned in plan.conflicts]
        for start in range(0, len(ids), 2000):
            Value.objects.filter(pk__in=ids[start:start + 2000]).delete()
        Value.objects.bulk_create(replaced, batch_size=2000)
    changes.data_changed()  # bulk writes send no signals
    kept = len(plan.conflicts) - len(replaced)
    keys = ", ".join(sorted({p.indicator.key for p in plan.values}))
    details = [f"Indikatoren: {keys}", f"unverändert: {format_number(len(plan.unchanged), 0)}"]
    if kept:
        details.append(_("abweichend, aber beibehalten: %(kept)s") % {"kept": format_number(kept, 0)})
    if note:
        details.append(note)
    log = ImportLog.objects.create(
        imported_by=user if user is not None and user.is_authenticated else None,
        filename=filename[:255], file_format=plan.file_format, row_count=plan.row_count,
        created_count=len(plan.new), replaced_count=len(replaced), skipped_count=plan.skipped_rows,
        note="; ".join(details),
    )
    # Not a column (the note keeps it); the success message tells it next to the skipped rows.
    log.kept_count = kept + len(plan.unchanged)
    return log


# --- Keeping an upload between preview and confirmation ------------------------------------


def upload_keep(*, by: User, filename: str, table: list[list], indicator: Indicator | None = None,
                replaces: Iterable[str] = ()) -> PendingUpload:
    """Keep a read table for the preview; its layout and (for wide tables) indicator are read from it.

    `replaces` are tokens of earlier uploads the new file corrects. Raises TableError for a table
    without a recognisable header (nothing is kept then) and uploads.UploadRefused when the person
    has too many uploads waiting.
    """
    file_format, header_index = detect_layout(table)
    suggested = None
    if file_format == FORMAT_WIDE and indicator is None:
        suggested = suggest_indicator(table, header_index=header_index)
    chosen = indicator or suggested
    return uploads.keep(kind=UPLOAD_KIND, by=by, filename=filename, table=table, replaces=replaces, options={
        "format": file_format, "indicator": chosen.pk if chosen else None, "suggested": suggested is not None,
    })


def uploads_waiting(*, by: User) -> QuerySet[PendingUpload]:
    return uploads.waiting(kind=UPLOAD_KIND, by=by)


def upload_find(*, token: str, by: User) -> PendingUpload | None:
    return uploads.find(kind=UPLOAD_KIND, token=token, by=by)


def upload_choose_indicator(*, pending: PendingUpload, indicator: Indicator) -> PendingUpload:
    return uploads.update_options(pending=pending, indicator=indicator.pk, suggested=False)


def upload_plan(*, pending: PendingUpload) -> ImportPlan:
    """The plan for a kept table, checked against today's values; raises TableError."""
    indicator = Indicator.objects.filter(pk=pending.options.get("indicator")).first()
    return plan_import(table=pending.table, file_format=pending.options.get("format"), indicator=indicator)


def upload_confirm(*, token: str, by: User, on_conflict: str) -> ImportLog:
    """Import a kept table once, all or nothing, planned afresh under the upload's lock."""
    return uploads.confirm(kind=UPLOAD_KIND, token=token, by=by, apply=lambda pending: apply_import(
        plan=upload_plan(pending=pending), on_conflict=on_conflict, user=by, filename=pending.filename,
    ))


def upload_discard(*, token: str, by: User) -> None:
    uploads.discard(kind=UPLOAD_KIND, token=token, by=by)


# --- Indicators -----------------------------------------------------------------------------


MAX_DECIMALS = 4
ESTIMATE_FIELDS = ("rate_low", "rate_high", "source", "source_url", "note")


def indicator_check(*, decimals: int | None) -> None:
    if decimals is not None and decimals > MAX_DECIMALS:
        raise ValidationError({"decimals": _("Es sind höchstens %(count)s Nachkommastellen möglich.")
                               % {"count": MAX_DECIMALS}})


def estimate_is_empty(estimate: dict) -> bool:
    return not any(estimate.get(name) not in (None, "") for name in ESTIMATE_FIELDS)


def estimate_check(*, rate_low: Decimal | None, rate_high: Decimal | None, source: str, **_other: object) -> None:
    """The rules of a Dunkelziffer estimate; the edit form asks early to show every problem at once."""
    errors: dict[str, list[str]] = {}
    for name, value in (("rate_low", rate_low), ("rate_high", rate_high), ("source", source)):
        if value in (None, ""):
            errors.setdefault(name, []).append(_("Bitte füllen Sie dieses Feld für eine Schätzung der "
                                                 "Dunkelziffer aus."))
    for name, rate in (("rate_low", rate_low), ("rate_high", rate_high)):
        if rate is not None and not 0 <= rate < 100:
            errors.setdefault(name, []).append(_("Bitte geben Sie einen Anteil zwischen 0 und unter 100 % an."))
    if rate_low is not None and rate_high is not None and rate_low > rate_high:
        errors.setdefault("rate_high", []).append(_("Der obere Wert darf nicht kleiner als der untere sein."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_indicator(*, indicator: Indicator | None = None, by: User, estimate: dict | None = None,
                   **fields: object) -> Indicator:
    """Save an indicator and, if `estimate` is given, its Dunkelziffer estimate; an empty one removes it."""
    if not by.has_perm("statistics.change_indicator", indicator):
        raise PermissionDenied(_("Indikatoren pflegt die Planung."))
    indicator_check(decimals=fields.get("decimals"))
    indicator = indicator or Indicator()
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.save()
    if estimate is None:
        return indicator
    existing = NonTakeUpEstimate.objects.filter(indicator=indicator).first()
    if estimate_is_empty(estimate) or not indicator.counts_benefit_recipients:
        if existing:
            existing.delete()
        return indicator
    estimate_check(**estimate)
    saved = existing or NonTakeUpEstimate(indicator=indicator)
    saved.rate_low, saved.rate_high = estimate["rate_low"], estimate["rate_high"]
    for name in ("source", "source_url", "note"):
        setattr(saved, name, (estimate.get(name) or "").strip())
    saved.save()
    return indicator
