"""Reading and writing the tables people exchange: CSV and XLSX as spreadsheets export them.

Imports arrive from Excel (semicolon-separated, Windows-1252 or UTF-8 with BOM), LibreOffice
(comma or tab) and statistics offices (XLSX with title rows). Everything that goes wrong is a
`TableError` with a German message a planner can act on.
"""

import csv
import datetime
import io
import re
from decimal import Decimal, InvalidOperation

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import number_format

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 200_000


class TableError(ValueError):
    """A file that cannot be read as a table; the message is shown to the user."""


class GermanExcel(csv.excel):
    """What Excel with German settings writes: semicolons. A subclass, so csv.excel stays as it is."""

    delimiter = ";"


def _decode(raw):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("Die Datei ist keine Textdatei in UTF-8 oder Windows-1252.")


def _read_csv(raw):
    text = _decode(raw)
    if not text.strip():
        raise TableError("Die Datei ist leer.")
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        # A single column has no delimiter to sniff; fall back to what German Excel writes.
        dialect = GermanExcel
    return list(csv.reader(io.StringIO(text, newline=""), dialect))


def _read_xlsx(raw):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:
        raise TableError("Die Excel-Datei lässt sich nicht öffnen. Bitte als .xlsx speichern.")
    sheet = workbook.worksheets[0]
    rows = [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def read_table(uploaded, *, max_rows=MAX_ROWS):
    """Return the non-empty rows of an uploaded CSV or XLSX file as lists of cells.

    Cells from CSV are strings; cells from XLSX keep their type (numbers stay numbers).
    """
    name = (getattr(uploaded, "name", "") or "").lower()
    raw = uploaded.read()
    if not raw:
        raise TableError("Die Datei ist leer.")
    if name.endswith(".xlsx") or raw[:2] == b"PK":
        rows = _read_xlsx(raw)
    elif name.endswith((".csv", ".txt", ".tsv")) or not name:
        rows = _read_csv(raw)
    elif name.endswith(".xls"):
        raise TableError("Das alte Excel-Format .xls wird nicht unterstützt. Bitte als .xlsx oder CSV speichern.")
    else:
        raise TableError("Bitte eine CSV- oder XLSX-Datei hochladen.")
    rows = [[_clean(cell) for cell in row] for row in rows]
    rows = [row for row in rows if any(cell != "" for cell in row)]
    if not rows:
        raise TableError("Die Datei enthält keine Zeilen.")
    if len(rows) > max_rows:
        raise TableError(
            f"Die Datei hat {number_format(len(rows), force_grouping=True)} Zeilen; "
            f"höchstens {number_format(max_rows, force_grouping=True)} sind erlaubt."
        )
    return rows


def _clean(cell):
    if isinstance(cell, str):
        return cell.strip().replace("\u00a0", " ")
    return cell


def normalise_header(text):
    """'Stadtteil-Nr.' and 'stadtteil nr' both become 'stadtteil_nr'."""
    text = str(text).strip().lower()
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


_GERMAN_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+$")
_GERMAN_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_decimal(cell):
    """A number as people type it: '1.234,5', '12,3', '12.3', '1234', or a spreadsheet number.

    German conventions win where a text is ambiguous: '1.234' is one thousand two hundred
    thirty-four. Returns a Decimal, or raises TableError with a German message.
    """
    if isinstance(cell, bool):
        raise TableError(f"„{cell}“ ist keine Zahl.")
    if isinstance(cell, int | float | Decimal):
        return Decimal(str(cell))
    text = str(cell).strip().replace(" ", "").replace("\u202f", "").removesuffix("%")
    if text == "":
        raise TableError("Der Wert fehlt.")
    if _GERMAN_DECIMAL.match(text) or _GERMAN_THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif not _PLAIN_NUMBER.match(text):
        raise TableError(f"„{cell}“ ist keine Zahl (erwartet z. B. 12,5 oder 1.234).")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise TableError(f"„{cell}“ ist keine Zahl.")


def _filename(stem, extension):
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER_CELL = re.compile(r"^[+-]?\d+([.,]\d+)*$")


def neutralise_cell(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection).

    Plain numbers such as "-4,5" stay numbers.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER_CELL.match(value):
        return "'" + value
    return value


def _csv_cell(value):
    # In a CSV a date is text, so it is written the way people here read it.
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if timezone.is_aware(value) \
            else value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return neutralise_cell(value)


def csv_response(stem, header, rows, *, preamble=()):
    """A CSV download that Excel in Germany opens correctly (semicolons, UTF-8 with BOM)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    for line in preamble:
        writer.writerow([line])
    writer.writerow(header)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return response


def xlsx_response(stem, header, rows, *, sheet_title="Daten", preamble=()):
    """An XLSX download; dates stay dates (sortable in Excel) and show as 25.11.2026."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for line in preamble:
        sheet.append([line])
    bold = Font(bold=True)

    def cell(value):
        if isinstance(value, datetime.datetime):
            # Excel has no time zones: write the local wall-clock time people saw on the page.
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            written = WriteOnlyCell(sheet, value=local.replace(tzinfo=None))
            written.number_format = "DD.MM.YYYY HH:MM"
            return written
        if isinstance(value, datetime.date):
            written = WriteOnlyCell(sheet, value=value)
            written.number_format = "DD.MM.YYYY"
            return written
        return value

    header_cells = []
    for title in header:
        header_cell = WriteOnlyCell(sheet, value=title)
        header_cell.font = bold
        header_cells.append(header_cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "xlsx")}"'
    return response
