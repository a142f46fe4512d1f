"""Reading and writing the tables people exchange: CSV and XLSX as spreadsheets export them.

Imports arrive from Excel (semicolon-separated, Windows-1252 or UTF-8 with BOM), LibreOffice
(comma or tab) and statistics offices (XLSX with title rows). Every file comes from outside, so it
is read in a stream against budgets (bytes, rows, columns, cell length, cells, decompressed XML,
seconds); nothing the file says about its own size is believed. Everything that goes wrong is a
`TableError` with one German sentence a planner can act on.
"""

import codecs
import csv
import datetime
import io
import re
import time
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.parsers import expat

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.numbers import format_count

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 200_000
MAX_COLUMNS = 200
# Excel's own limit for one cell; csv refuses fields above 131,072 characters before we see them.
MAX_CELL_CHARS = 32_767
MAX_CELLS = 500_000
# All text of the table together. Without it an XLSX of a few kilobytes names one long shared
# string in every cell and becomes gigabytes of text for everything that reads the table later.
MAX_TEXT_CHARS = 10_000_000
MAX_SECONDS = 3.0
# What an XLSX may unpack to, and how many XML tags it may hold: a sheet needs about four tags per
# cell, and the spreadsheets planners import (a few thousand cells) need far fewer than this; the
# rest is padding meant to keep the parser busy. Tags are counted in C before expat sees a chunk,
# so a bomb is refused before its elements cost Python time.
MAX_XML_BYTES = 24 * 1024 * 1024
MAX_XML_TAGS = 250_000
MAX_XML_DEPTH = 64
_CHUNK = 64 * 1024


class TableError(ValueError):
    """A file that cannot be read as a table; the message is shown to the user."""


class GermanExcel(csv.excel):
    """What Excel with German settings writes: semicolons. A subclass, so csv.excel stays as it is."""

    delimiter = ";"


def _count(number):
    return format_count(number)


@dataclass
class Budget:
    """What one upload may cost; the first breach ends the reading with a German sentence."""

    max_rows: int = MAX_ROWS
    max_columns: int = MAX_COLUMNS
    max_cell_chars: int = MAX_CELL_CHARS
    max_cells: int = MAX_CELLS
    max_text_chars: int = MAX_TEXT_CHARS
    max_seconds: float = MAX_SECONDS
    max_xml_bytes: int = MAX_XML_BYTES
    max_xml_tags: int = MAX_XML_TAGS

    def __post_init__(self):
        self.started = time.monotonic()
        self.rows = []
        self.cells = 0
        self.text_chars = 0
        self.xml_bytes = 0
        self.xml_tags = 0

    def check_time(self):
        if time.monotonic() - self.started > self.max_seconds:
            raise TableError(
                _("Die Datei lässt sich nicht in %(count)s Sekunden lesen; bitte laden Sie eine kleinere "
                  "oder einfachere Datei hoch.") % {"count": _count(int(self.max_seconds))}
            )

    def refuse_long_cell(self):
        raise TableError(
            _("Eine Zelle hat mehr als %(count)s Zeichen; mehr sind in einer Zelle nicht erlaubt.")
                % {"count": _count(self.max_cell_chars)}
        )

    def check_cell(self, text):
        if len(text) > self.max_cell_chars:
            self.refuse_long_cell()
        if "\x00" in text:
            raise TableError(_("Eine Zelle enthält ein Nullzeichen (NUL); bitte speichern Sie die Datei als "
                             "CSV oder XLSX neu."))

    def add_row(self, row):
        # Trailing empty cells are what spreadsheets leave behind; they neither count nor get kept.
        while row and (row[-1] is None or row[-1] == ""):
            row.pop()
        if not row:
            return
        if len(row) > self.max_columns:
            raise TableError(_("Die Datei hat mehr als %(count)s Spalten; höchstens %(count)s sind erlaubt.")
                % {"count": _count(self.max_columns)})
        if len(self.rows) >= self.max_rows:
            raise TableError(_("Die Datei hat mehr als %(count)s Zeilen; höchstens %(count)s sind erlaubt.")
                % {"count": _count(self.max_rows)})
        self.cells += len(row)
        if self.cells > self.max_cells:
            raise TableError(_("Die Datei hat mehr als %(count)s Zellen; höchstens %(count)s sind erlaubt.")
                % {"count": _count(self.max_cells)})
        self.text_chars += sum(len(cell) for cell in row if isinstance(cell, str))
        if self.text_chars > self.max_text_chars:
            raise TableError(_("Die Datei enthält mehr als %(count)s Zeichen Text; höchstens %(count)s sind erlaubt.")
                % {"count": _count(self.max_text_chars)})
        self.rows.append(["" if cell is None else cell for cell in row])


# --- What the bytes are ------------------------------------------------------------------------

_NOT_A_TABLE = (
    (b"MZ", gettext_lazy("ein Windows-Programm")),
    (b"\x7fELF", gettext_lazy("ein Programm")),
    (b"%PDF", gettext_lazy("ein PDF-Dokument")),
    (b"\xd0\xcf\x11\xe0",
     gettext_lazy("eine Datei im alten Office-Format (.xls); bitte speichern Sie sie als .xlsx oder CSV")),
    (b"\x1f\x8b", gettext_lazy("ein gepacktes Archiv")),
    (b"Rar!", gettext_lazy("ein gepacktes Archiv")),
    (b"7z\xbc\xaf", gettext_lazy("ein gepacktes Archiv")),
    (b"\x89PNG", gettext_lazy("ein Bild")),
    (b"\xff\xd8\xff", gettext_lazy("ein Bild")),
    (b"GIF8", gettext_lazy("ein Bild")),
)
_MARKUP = re.compile(rb"^\s*<(!doctype\s+html|html|\?xml|svg|script|head|body|table)\b", re.IGNORECASE)


def _refuse_foreign(raw):
    for magic, what in _NOT_A_TABLE:
        if raw.startswith(magic):
            raise TableError(_("Die Datei ist keine Tabelle, sondern %(what)s.") % {"what": what})
    if _MARKUP.match(raw[:1024].lstrip(b"\xef\xbb\xbf")):
        raise TableError(_("Die Datei ist keine Tabelle, sondern eine Web-Seite oder XML; bitte speichern Sie "
                         "sie als CSV oder XLSX."))


def _read_bytes(uploaded, limit):
    """At most `limit` bytes; more is a refusal, whatever size the upload claims."""
    if hasattr(uploaded, "seek"):
        try:
            uploaded.seek(0)
        except (OSError, ValueError):
            pass
    raw = uploaded.read(limit + 1)
    if len(raw) > limit:
        raise TableError(_("Die Datei ist größer als %(count)s MB.") % {"count": _count(limit // (1024 * 1024))})
    return raw


# --- CSV ---------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _encoding(raw):
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode-Text"
    if b"\x00" in raw:
        raise TableError(_("Die Datei enthält Nullzeichen (NUL) und ist keine Textdatei; bitte speichern Sie "
                         "sie als CSV oder XLSX."))
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            # Checked piece by piece, so a large file is never held twice as text.
            for start in range(0, len(raw), 1024 * 1024):
                decoder.decode(raw[start:start + 1024 * 1024])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise TableError(_("Die Datei ist keine Textdatei in UTF-8 oder Windows-1252."))


def _read_csv(raw, budget):
    encoding = _encoding(raw)
    sample = raw[:20_000].decode(encoding, errors="ignore")
    if not sample.strip():
        raise TableError(_("Die Datei ist leer."))
    # A stray vertical tab from a Mac export is text; a sprinkling of control bytes is a binary file.
    if len(_CONTROL.findall(sample)) > max(3, len(sample) // 1000):
        raise TableError(_("Die Datei enthält Steuerzeichen und ist keine Textdatei in UTF-8 oder Windows-1252."))
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        # A single column has no delimiter to sniff; fall back to what German Excel writes.
        dialect = GermanExcel
    text = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding, newline="")
    reader = csv.reader(text, dialect)
    try:
        for number, row in enumerate(reader):
            if number % 256 == 0:
                budget.check_time()
            # Checked for the whole row at once: this loop runs for every line of a large file.
            if row and max(map(len, row)) > budget.max_cell_chars:
                budget.refuse_long_cell()
            if encoding == "utf-16" and "\x00" in "".join(row):
                budget.check_cell("\x00")
            budget.add_row([cell.strip().replace("\u00a0", " ") for cell in row])
    except csv.Error:
        # The only csv.Error a sniffed dialect leaves is a field above csv's own 131,072 characters.
        budget.refuse_long_cell()
    except UnicodeDecodeError:
        raise TableError(_("Die Datei ist keine Textdatei in UTF-8 oder Windows-1252."))
    return budget.rows


# --- XLSX --------------------------------------------------------------------------------------

_XLSX_BROKEN = "Die Excel-Datei ist beschädigt oder keine XLSX-Datei. Bitte in Excel als .xlsx neu speichern."
_COLUMN = re.compile(r"([A-Z]{1,3})(\d*)$")


class _Stop(Exception):
    """Ends an expat parse early once the part has given what is needed."""


# Everything a damaged, truncated, encrypted or oddly compressed archive raises while it is opened
# or read; each is answered with the same German sentence.
_ARCHIVE_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError,
                   ValueError, NotImplementedError)


def _column_index(reference):
    match = _COLUMN.match(reference or "")
    if not match:
        return None
    index = 0
    for letter in match.group(1):
        index = index * 26 + ord(letter) - 64
    return index - 1


def _parse_part(archive, name, budget, handlers):
    """Stream one XML part of the archive through expat, counting what it unpacks to."""
    try:
        member = archive.open(name)
    except KeyError:
        return False
    except _ARCHIVE_ERRORS:
        raise TableError(_XLSX_BROKEN)
    parser = expat.ParserCreate()
    depth = [0]
    start, end, text = handlers.get("start"), handlers.get("end"), handlers.get("text")

    def on_start(tag, attrs):
        depth[0] += 1
        if depth[0] > MAX_XML_DEPTH:
            raise TableError(_("Die Excel-Datei ist tiefer als %(depth)s Ebenen verschachtelt und wird nicht "
                               "gelesen.") % {"depth": MAX_XML_DEPTH})
        if start:
            start(tag.rpartition(":")[2] if ":" in tag else tag, attrs)

    def on_end(tag):
        depth[0] -= 1
        if end:
            end(tag.rpartition(":")[2] if ":" in tag else tag)

    def refuse_doctype(*_args):
        # No XLSX needs a DTD; entities are how XML bombs grow.
        raise TableError(_("Die Excel-Datei enthält eine Dokumenttyp-Deklaration und wird nicht gelesen."))

    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    if text:
        parser.CharacterDataHandler = text
    parser.buffer_text = True
    try:
        with member:
            while True:
                chunk = member.read(_CHUNK)
                if not chunk:
                    break
                budget.xml_bytes += len(chunk)
                if budget.xml_bytes > budget.max_xml_bytes:
                    raise TableError(
                        _("Die Excel-Datei entpackt sich auf mehr als %(count)s MB; so große Dateien werden nicht "
                          "gelesen.") % {"count": _count(budget.max_xml_bytes // (1024 * 1024))}
                    )
                budget.xml_tags += chunk.count(b"<")
                if budget.xml_tags > budget.max_xml_tags:
                    raise TableError(
                        _("Die Excel-Datei enthält mehr als %(count)s XML-Einträge (das reicht für etwa %(count2)s "
                          "Zellen); so große Dateien werden nicht gelesen.")
                              % {"count": _count(budget.max_xml_tags), "count2": _count(budget.max_xml_tags // 4)}
                    )
                budget.check_time()
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop:
        return True
    except expat.ExpatError:
        raise TableError(_XLSX_BROKEN)
    except TableError:
        raise
    except _ARCHIVE_ERRORS:
        raise TableError(_XLSX_BROKEN)
    return True


def _first_sheet(archive, budget):
    sheets, targets = [], {}

    def workbook_start(tag, attrs):
        if tag == "sheet":
            rel = next((value for key, value in attrs.items() if key.endswith(":id") or key == "r:id"), None)
            sheets.append(rel)
            if len(sheets) > 1:
                raise _Stop

    def rels_start(tag, attrs):
        if tag == "Relationship" and len(targets) < 10_000:
            targets[attrs.get("Id")] = attrs.get("Target", "")

    _parse_part(archive, "xl/workbook.xml", budget, {"start": workbook_start})
    _parse_part(archive, "xl/_rels/workbook.xml.rels", budget, {"start": rels_start})
    target = targets.get(sheets[0]) if sheets else None
    if target:
        target = target.lstrip("/")
        path = target if target.startswith("xl/") else f"xl/{target}"
        if path in archive.namelist():
            return path
    if "xl/worksheets/sheet1.xml" in archive.namelist():
        return "xl/worksheets/sheet1.xml"
    raise TableError(_XLSX_BROKEN)


def _shared_strings(archive, budget):
    strings = []
    state = {"in_si": 0, "in_t": False, "in_rph": False, "parts": [], "chars": 0}

    def on_start(tag, _attrs):
        if tag == "si":
            state["in_si"] += 1
            state["parts"] = []
            state["chars"] = 0
        elif tag == "rPh":
            state["in_rph"] = True
        elif tag == "t" and state["in_si"] and not state["in_rph"]:
            state["in_t"] = True

    def on_end(tag):
        if tag == "t":
            state["in_t"] = False
        elif tag == "rPh":
            state["in_rph"] = False
        elif tag == "si":
            state["in_si"] -= 1
            text = "".join(state["parts"])
            budget.check_cell(text)
            strings.append(text)
            # Every shared string costs memory whether or not a cell uses it.
            if len(strings) > budget.max_cells:
                raise TableError(_("Die Excel-Datei hat mehr als %(count)s Texte; höchstens %(count)s sind erlaubt.")
                    % {"count": _count(budget.max_cells)})

    def on_text(data):
        if state["in_t"]:
            state["chars"] += len(data)
            if state["chars"] > budget.max_cell_chars:
                budget.refuse_long_cell()
            state["parts"].append(data)

    _parse_part(archive, "xl/sharedStrings.xml", budget, {"start": on_start, "end": on_end, "text": on_text})
    return strings


def _xlsx_number(text):
    text = text.strip()
    try:
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        number = float(text)
    except ValueError:
        return text
    return number if number == number and number not in (float("inf"), float("-inf")) else text


def _read_xlsx(raw, budget):
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except _ARCHIVE_ERRORS:
        raise TableError(_XLSX_BROKEN)
    with archive:
        if len(archive.infolist()) > 10_000:
            raise TableError(_XLSX_BROKEN)
        sheet = _first_sheet(archive, budget)
        strings = _shared_strings(archive, budget)
        state = {"row": None, "col": 0, "type": "", "value": [], "chars": 0, "in_value": False, "cell_col": None}

        def on_start(tag, attrs):
            if tag == "row":
                state["row"] = []
                state["col"] = 0
            elif tag == "c":
                reference = _column_index(attrs.get("r"))
                state["cell_col"] = state["col"] if reference is None else reference
                state["type"] = attrs.get("t", "n")
                state["value"] = []
                state["chars"] = 0
            elif tag in ("v", "t") and state["row"] is not None:
                state["in_value"] = True

        def on_text(data):
            if state["in_value"]:
                state["value"].append(data)
                state["chars"] += len(data)
                if state["chars"] > budget.max_cell_chars:
                    budget.refuse_long_cell()

        def on_end(tag):
            if tag in ("v", "t"):
                state["in_value"] = False
            elif tag == "c" and state["row"] is not None:
                column = state["cell_col"]
                state["col"] = column + 1
                text = "".join(state["value"])
                if text == "":
                    return
                # The column a cell names is believed only as far as the column budget reaches.
                if column >= budget.max_columns:
                    raise TableError(_("Die Datei hat mehr als %(count)s Spalten; höchstens %(count)s sind erlaubt.")
                        % {"count": _count(budget.max_columns)})
                kind = state["type"]
                if kind == "s":
                    try:
                        value = strings[int(text)]
                    except (ValueError, IndexError):
                        raise TableError(_XLSX_BROKEN)
                elif kind == "b":
                    value = text.strip() == "1"
                elif kind in ("str", "inlineStr", "e"):
                    value = text
                else:
                    value = _xlsx_number(text)
                if isinstance(value, str):
                    budget.check_cell(value)
                    value = _clean(value)
                row = state["row"]
                if column > len(row):
                    row.extend([""] * (column - len(row)))
                if column == len(row):
                    row.append(value)
                else:
                    row[column] = value
            elif tag == "row" and state["row"] is not None:
                budget.add_row(state["row"])
                state["row"] = None

        if not _parse_part(archive, sheet, budget, {"start": on_start, "end": on_end, "text": on_text}):
            raise TableError(_XLSX_BROKEN)
    return budget.rows


def read_table(uploaded, *, max_rows=MAX_ROWS, budget=None):
    """Return the non-empty rows of an uploaded CSV or XLSX file as lists of cells.

    Cells from CSV are strings; cells from XLSX keep their type (numbers stay numbers).
    """
    budget = budget or Budget(max_rows=max_rows)
    name = (getattr(uploaded, "name", "") or "").lower()
    raw = _read_bytes(uploaded, settings.IMPORT_MAX_UPLOAD_BYTES)
    if not raw.strip():
        raise TableError(_("Die Datei ist leer."))
    _refuse_foreign(raw)
    if raw[:2] == b"PK":
        rows = _read_xlsx(raw, budget)
    elif name.endswith(".xlsx"):
        raise TableError(_XLSX_BROKEN)
    elif name.endswith(".xls"):
        raise TableError(_("Das alte Excel-Format .xls wird nicht unterstützt. "
                           "Bitte speichern Sie die Datei als .xlsx oder CSV."))
    elif name.endswith((".csv", ".txt", ".tsv")) or not name:
        rows = _read_csv(raw, budget)
    else:
        raise TableError(_("Bitte laden Sie eine CSV- oder XLSX-Datei hoch."))
    rows = [row for row in rows if any(cell != "" for cell in row)]
    if not rows:
        raise TableError(_("Die Datei enthält keine Zeilen."))
    return rows


def _clean(cell):
    if isinstance(cell, str):
        return cell.strip().replace("\u00a0", " ")
    return cell


HEADER_SEARCH_ROWS = 30


def find_header(rows, *tests, search=HEADER_SEARCH_ROWS):
    """Where the header row is, for both imports: files carry title lines above it.

    Each test is tried in turn over the first `search` rows; returns (row index, test number) of
    the first match, or (None, None).
    """
    candidates = rows[:search]
    for number, test in enumerate(tests):
        for index, row in enumerate(candidates):
            if test(row):
                return index, number
    return None, None


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
        raise TableError(_("„%(cell)s“ ist keine Zahl.") % {"cell": cell})
    if isinstance(cell, int | float | Decimal):
        return Decimal(str(cell))
    text = str(cell).strip().replace(" ", "").replace("\u202f", "").removesuffix("%")
    if text == "":
        raise TableError(_("Der Wert fehlt."))
    if _GERMAN_DECIMAL.match(text) or _GERMAN_THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif not _PLAIN_NUMBER.match(text):
        raise TableError(_("„%(cell)s“ ist keine Zahl (erwartet z. B. 12,5 oder 1.234).") % {"cell": cell})
    try:
        return Decimal(text)
    except InvalidOperation:
        raise TableError(_("„%(cell)s“ ist keine Zahl.") % {"cell": cell})


def _filename(stem, extension):
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_TEXT = re.compile(r"^[+-]?\d[\d.,]*$")


def export_cell(value):
    """A value as every CSV and XLSX export writes it: dates as dates, numbers as numbers, and text
    that a spreadsheet would take for a formula neutralised with a leading apostrophe (OWASP CSV
    injection). Number text such as "-12,5" is a number to the reader, not a formula, and stays.
    """
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER_TEXT.match(text):
        return "'" + text
    return text


def _csv_cell(value):
    value = export_cell(value)
    # In a CSV a date is text, so it is written the way people here read it.
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if timezone.is_aware(value) \
            else value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return value


def csv_response(stem, header, rows, *, preamble=()):
    """A CSV download that Excel in Germany opens correctly (semicolons, UTF-8 with BOM)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    for line in preamble:
        writer.writerow([_csv_cell(line)])
    writer.writerow([_csv_cell(title) for title in header])
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return response


def xlsx_response(stem, header, rows, *, sheet_title="Daten", preamble=()):
    """An XLSX download; dates stay dates (sortable in Excel) and show as 25.11.2026.

    Text is always written as a text cell: openpyxl would store "=…" as a live formula.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    bold = Font(bold=True)

    def cell(value, *, font=None):
        value = export_cell(value)
        if isinstance(value, datetime.datetime):
            # Excel has no time zones: write the local wall-clock time people saw on the page.
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            written = WriteOnlyCell(sheet, value=local.replace(tzinfo=None))
            written.number_format = "DD.MM.YYYY HH:MM"
        elif isinstance(value, datetime.date):
            written = WriteOnlyCell(sheet, value=value)
            written.number_format = "DD.MM.YYYY"
        elif isinstance(value, str) and value:
            written = WriteOnlyCell(sheet, value=None)
            # Set past openpyxl's type guessing, which would turn "=…" into a formula; characters
            # XML cannot hold (control bytes from pasted text) are dropped instead of breaking the file.
            written._value = ILLEGAL_CHARACTERS_RE.sub("", value)
            written.data_type = "s"
        elif value == "":
            written = WriteOnlyCell(sheet, value=None)
        elif isinstance(value, Decimal):
            # A real number to sum with, displayed grouped with its decimals (1.234.567,50 in German Excel).
            written = WriteOnlyCell(sheet, value=value)
            places = max(0, -value.as_tuple().exponent) if value.is_finite() else 0
            written.number_format = "#,##0" + ("." + "0" * places if places else "")
        else:
            written = WriteOnlyCell(sheet, value=value)
        if font is not None:
            written.font = font
        return written

    for line in preamble:
        sheet.append([cell(line)])
    sheet.append([cell(title, font=bold) for title in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "xlsx")}"'
    return response
