"""A generated corpus of hostile and broken CSV/XLSX files, built in memory for the import tests.

Nothing is stored in the repository: every file is made here from a fixed seed, so a failing file
can be rebuilt by its name. Each entry says what it is and, where the answer is certain, a part of
the German sentence the platform must answer with (the limit it names).
"""

import io
import random
import zipfile
from dataclasses import dataclass

SEED = 20261126


@dataclass
class Hostile:
    name: str  # the file name sent, with its extension
    data: bytes
    kind: str  # what the file tries
    expect: str | tuple | None = None  # a part of the German answer (or its alternatives), where certain

    def answered_as_expected(self, message):
        if self.expect is None:
            return True
        # On a busy machine any large file may reach the time budget first; that is a limit named too.
        expected = (*(self.expect if isinstance(self.expect, tuple) else (self.expect,)), "Sekunden lesen")
        return any(part in message for part in expected)


# --- Building blocks ---------------------------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Tabelle1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')

# Whichever budget a bomb reaches first: unpacked bytes, XML tags, or seconds.
BOMB = ("MB", "XML-Einträge", "Sekunden")
GOOD_CSV = ("Art;Titel;Zielgruppen;Stadtteile/Bezirke\r\nerfolgreich;Stadtteiltreff;Alleinerziehende;Sahlkamp\r\n"
            "dringend;Energieschulden;;gesamtstädtisch\r\n")
GOOD_STATISTICS_CSV = "Gebiet;Indikator;Jahr;Wert\r\nSahlkamp;sgb2-quote;2024;24,1\r\nList;sgb2-quote;2024;7,5\r\n"


def column_letters(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xlsx(sheet_xml, *, shared=None, parts=None, compression=zipfile.ZIP_DEFLATED):
    """A minimal XLSX around the given sheet XML (str or an iterable of str pieces, streamed in).

    `parts` adds members or replaces the workbook and its relationships.
    """
    parts = dict(parts or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        for name, default in (("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)):
            archive.writestr(name, parts.pop(name, default))
        for name, content in (("xl/worksheets/sheet1.xml", sheet_xml), ("xl/sharedStrings.xml", shared)):
            if content is None:
                continue
            with archive.open(name, "w", force_zip64=True) as member:
                for piece in ([content] if isinstance(content, str | bytes) else content):
                    member.write(piece.encode() if isinstance(piece, str) else piece)
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def sheet(rows_xml, *, dimension=None):
    dimension_xml = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"{SHEET_HEAD}{dimension_xml}<sheetData>{rows_xml}</sheetData></worksheet>"


def inline_row(number, cells):
    """A row of inline strings; `cells` maps a column index to its text."""
    parts = "".join(f'<c r="{column_letters(col)}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
                    for col, text in cells.items())
    return f'<row r="{number}">{parts}</row>'


def good_xlsx():
    rows = [inline_row(1, {0: "Art", 1: "Titel", 2: "Stadtteile/Bezirke"}),
            inline_row(2, {0: "erfolgreich", 1: "Stadtteiltreff", 2: "Sahlkamp"}),
            inline_row(3, {0: "dringend", 1: "Energieschulden", 2: "gesamtstädtisch"})]
    return xlsx(sheet("".join(rows), dimension="A1:C3"))


def _repeat(piece, total_bytes, chunk=1024 * 1024):
    block = piece * max(1, chunk // len(piece))
    written = 0
    while written < total_bytes:
        yield block
        written += len(block)


# --- The corpus --------------------------------------------------------------------------------


def corpus():
    rng = random.Random(SEED)
    files = []

    def add(name, data, kind, expect=None):
        files.append(Hostile(name=f"{len(files):03d}-{name}", data=data, kind=kind, expect=expect))

    # Random bytes under both extensions and none.
    for number in range(56):
        size = rng.choice([1, 7, 100, 4096, 65_536, 400_000])
        add(f"zufall-{number}.{('csv', 'xlsx', 'txt', 'tsv')[number % 4]}", rng.randbytes(size), "random bytes")
    # Random bytes behind a ZIP signature, which sends them to the XLSX reader.
    for number in range(10):
        add(f"zip-zufall-{number}.xlsx", b"PK\x03\x04" + rng.randbytes(rng.choice([10, 5000, 100_000])),
            "random bytes as zip", "beschädigt")

    # Truncated and bit-flipped XLSX files.
    valid = good_xlsx()
    for number in range(30):
        cut = rng.randrange(4, len(valid) - 1)
        add(f"abgeschnitten-{number}.xlsx", valid[:cut], "truncated xlsx")
    for number in range(30):
        flipped = bytearray(valid)
        for _flip in range(rng.choice([1, 5, 50])):
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        add(f"gekippt-{number}.xlsx", bytes(flipped), "bit-flipped xlsx")

    # Zip bombs: small files that unpack to far more XML than any table needs.
    for number, (piece, size) in enumerate([
        (" ", 64 * 1024 * 1024), ("<row/>", 40 * 1024 * 1024), ("\n\t", 48 * 1024 * 1024),
        ('<row><c t="inlineStr"><is><t></t></is></c></row>', 40 * 1024 * 1024),
        ("<!-- Kommentar -->", 40 * 1024 * 1024), ("<x:y xmlns:x='u'/>", 32 * 1024 * 1024),
    ]):
        body = [SHEET_HEAD, "<sheetData>", *_repeat(piece, size), "</sheetData></worksheet>"]
        add(f"zip-bombe-{number}.xlsx", xlsx(body), "zip bomb", BOMB)
    # One shared string that unpacks to 60 MB.
    shared = ['<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>',
              *_repeat("A", 40 * 1024 * 1024), "</t></si></sst>"]
    add("riesiger-gemeinsamer-text.xlsx", xlsx(sheet(inline_row(1, {0: "Titel"})), shared=shared),
        "huge shared string", "Zeichen")
    # A million small shared strings.
    many = ['<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
            *_repeat("<si><t>x</t></si>", 12 * 1024 * 1024), "</sst>"]
    add("viele-gemeinsame-texte.xlsx", xlsx(sheet(inline_row(1, {0: "Titel"})), shared=many),
        "many shared strings", BOMB)
    for number, length in enumerate([40_000, 150_000, 2_000_000]):
        shared = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                  f'<si><t>{"B" * length}</t></si></sst>')
        body = sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
        add(f"langer-gemeinsamer-text-{number}.xlsx", xlsx(body, shared=shared), "huge shared string", "Zeichen")

    # One long shared string named by every cell: a few kilobytes that become gigabytes of text for
    # whatever reads the table afterwards (header search, the kept upload, the preview).
    long_text = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 f'<si><t>{"B" * 32_000}</t></si></sst>')
    for number, (columns, rows, header) in enumerate([
        (200, 300, None), (100, 30, ("Gebiet", "Indikator", "Jahr", "Wert")),
        (50, 40, ("Art", "Titel", "Beschreibung")), (200, 2, None),
    ]):
        first = inline_row(1, dict(enumerate(header))) if header else ""
        body = first + "".join(
            f'<row r="{row}">' + '<c t="s"><v>0</v></c>' * columns + "</row>" for row in range(2, rows + 2))
        add(f"gemeinsamer-text-vervielfacht-{number}.xlsx", xlsx(sheet(body), shared=long_text),
            "shared string amplification", "Zeichen Text")

    # Declared-dimension bombs: openpyxl would pad every row to the declared width.
    for number, (cell, dimension) in enumerate([
        ("XFD1048576", "A1:XFD1048576"), ("XFD1", "A1:XFD1048576"), ("A1", "A1:XFD1048576"),
        ("ZZZ5", "A1:ZZZ100000"), ("GS1", "A1:XFD1"), ("A1048576", "A1:A1048576"),
    ]):
        body = sheet(f'<row r="{cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{cell}" t="inlineStr">'
                     f'<is><t>Titel</t></is></c></row>', dimension=dimension)
        wide = cell.rstrip("0123456789") not in ("A",)
        add(f"dimension-{number}.xlsx", xlsx(body), "declared dimension", "Spalten" if wide else None)
    for number in range(18):
        far = rng.randrange(201, 16_384)
        body = sheet(inline_row(1, {0: "Art", 1: "Titel"}) + inline_row(2, {0: "dringend", far: "x"}),
                     dimension=f"A1:{column_letters(far)}{rng.randrange(2, 1_048_576)}")
        add(f"dimension-weit-{number}.xlsx", xlsx(body), "declared dimension", "200 Spalten")

    # Huge cells in CSV, quoted and unquoted, above and below csv's own 131,072 limit.
    for number, (length, quoted) in enumerate([
        (40_000, False), (40_000, True), (131_073, False), (131_073, True), (500_000, True),
        (2_000_000, False), (5_000_000, True), (32_768, False),
    ]):
        cell = "x" * length
        text = f'Art;Titel\r\ndringend;{chr(34) + cell + chr(34) if quoted else cell}\r\n'
        add(f"lange-zelle-{number}.csv", text.encode(), "huge cell", "32.767 Zeichen")
    # An opening quote never closed: the rest of the file is one cell.
    add("offenes-anfuehrungszeichen.csv", ('Art;Titel\r\ndringend;"' + "y\r\n" * 60_000).encode(),
        "unterminated quote", "Zeichen")
    for number in range(6):
        length = rng.choice([33_000, 70_000, 140_000])
        add(f"lange-zelle-xlsx-{number}.xlsx", xlsx(sheet(inline_row(1, {0: "Titel", 1: "z" * length}))),
            "huge cell", "Zeichen")

    # NUL bytes anywhere in a CSV; NUL written into XLSX XML.
    for number in range(15):
        raw = bytearray(GOOD_CSV.encode())
        raw.insert(rng.randrange(len(raw)), 0)
        add(f"nullzeichen-{number}.csv", bytes(raw), "NUL byte", "Nullzeichen")
    for number, text in enumerate(["A\x00B", "&#0;", "&#x0;"]):
        add(f"nullzeichen-xml-{number}.xlsx", xlsx(sheet(inline_row(1, {0: "Titel", 1: text}))), "NUL in xml",
            "beschädigt")

    # Wrong encodings.
    sample = GOOD_CSV + "Verbesserungsbedarf;Straßenbahn für Ältere;Ältere Menschen;Döhren\r\n"
    for number, encoding in enumerate(["utf-16-le", "utf-16-be", "utf-32", "cp500", "shift_jis", "koi8-r",
                                       "utf-7", "cp037", "gb18030", "big5"]):
        try:
            raw = sample.encode(encoding, errors="replace")
        except LookupError:
            raw = sample.encode("utf-8")
        add(f"kodierung-{encoding}.csv", raw, "wrong encoding")
    for number in range(8):
        raw = bytearray(sample.encode("utf-8"))
        raw[rng.randrange(len(raw))] = rng.choice([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xC3, 0xFF])
        add(f"kaputtes-utf8-{number}.csv", bytes(raw), "broken utf-8")
    add("nur-bom.csv", b"\xef\xbb\xbf", "only a BOM", "leer")
    add("leer.csv", b"", "empty", "leer")
    add("leerzeichen.csv", b" \r\n\t \r\n", "only whitespace", "leer")
    add("leer.xlsx", b"", "empty", "leer")

    # Ten thousand columns, in CSV and XLSX, with and without values.
    for number, delimiter in enumerate([";", ",", "\t"]):
        header = delimiter.join(f"Spalte{i}" for i in range(10_000))
        add(f"zehntausend-spalten-{number}.csv", (header + "\r\n" + header + "\r\n").encode(), "10,000 columns",
            "200 Spalten")
    add("zehntausend-leere-spalten.csv", ("Art;Titel" + ";" * 10_000 + "\r\n").encode(), "10,000 empty columns")
    for number in range(4):
        cells = "".join(f'<c t="inlineStr"><is><t>S{i}</t></is></c>' for i in range(10_000))
        add(f"zehntausend-spalten-{number}.xlsx", xlsx(sheet(f"<row>{cells}</row>")), "10,000 columns",
            "200 Spalten")

    # Too many rows and cells.
    add("viele-zeilen.csv", ("Art;Titel\r\n" + "dringend;x\r\n" * 210_000).encode(), "too many rows",
        "200.000 Zeilen")
    add("viele-zellen.csv", ("\r\n".join(";".join(["z"] * 150) for _ in range(7_000))).encode(), "too many cells",
        "500.000 Zellen")
    rows = "".join(f'<row><c t="n"><v>{i}</v></c></row>' for i in range(201_000))
    add("viele-zeilen.xlsx", xlsx(sheet(rows)), "too many rows", BOMB)

    # HTML, XML and programs renamed to .csv or .xlsx.
    disguises = [
        (b"<!DOCTYPE html><html><body><table><tr><td>Art</td></tr></table></body></html>", "Web-Seite"),
        (b"<html><script>alert(1)</script></html>", "Web-Seite"),
        (b"\xef\xbb\xbf<html><head></head></html>", "Web-Seite"),
        (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', "XML"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "Web-Seite"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), "Windows-Programm"),
        (b"\x7fELF\x02\x01\x01" + bytes(200), "Programm"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "Bild"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), ".xls"),
        (b"\x1f\x8b\x08\x00" + bytes(50), "Archiv"),
    ]
    for number, (raw, expect) in enumerate(disguises):
        for extension in ("csv", "xlsx"):
            add(f"verkleidet-{number}.{extension}", raw, "renamed file", expect)

    # XML attacks inside an XLSX.
    nested = SHEET_HEAD + "<sheetData><row>" + "<x>" * 20_000 + "</x>" * 20_000 + "</row></sheetData></worksheet>"
    add("tief-verschachtelt.xlsx", xlsx(nested), "deeply nested xml", "verschachtelt")
    for number, depth in enumerate([65, 1_000, 100_000]):
        body = SHEET_HEAD + "<a>" * depth + "</a>" * depth + "</worksheet>"
        add(f"verschachtelt-{number}.xlsx", xlsx(body), "deeply nested xml", "verschachtelt")
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                        for i in range(1, 10))
              + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              '<row><c t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    add("milliarde-lacher.xlsx", xlsx(laughs), "billion laughs", "Dokumenttyp")
    add("milliarde-lacher-gemeinsam.xlsx",
        xlsx(sheet('<row><c t="s"><v>0</v></c></row>'), shared=laughs.replace("worksheet", "sst")),
        "billion laughs", "Dokumenttyp")
    external = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
                + sheet('<row><c t="inlineStr"><is><t>&ext;</t></is></c></row>').split("?>", 1)[1])
    add("externe-entitaet.xlsx", xlsx(external), "external entity", "Dokumenttyp")

    # Broken archives and sheets.
    add("ohne-tabelle.xlsx", xlsx(None), "no sheet", "beschädigt")
    add("falscher-verweis.xlsx", xlsx(sheet('<row><c t="s"><v>7</v></c></row>')), "bad shared string index",
        "beschädigt")
    add("unsinnige-zelle.xlsx", xlsx(sheet('<row><c r="1A" t="n"><v>abc</v></c></row>')), "nonsense cell")
    add("nicht-wohlgeformt.xlsx", xlsx(SHEET_HEAD + "<sheetData><row><c>"), "not well-formed xml", "beschädigt")
    add("gespeichert-ohne-kompression.xlsx", xlsx(sheet(inline_row(1, {0: "Titel"})),
                                                   compression=zipfile.ZIP_STORED), "stored zip")
    outside = WORKBOOK_RELS.replace("worksheets/sheet1.xml", "../../../../etc/passwd")
    add("verweis-nach-aussen.xlsx", xlsx(sheet(inline_row(1, {0: "Titel"})),
                                         parts={"xl/_rels/workbook.xml.rels": outside}), "path in relationship")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(12_000):
            archive.writestr(f"x/{number}", b"")
    add("zwoelftausend-eintraege.xlsx", buffer.getvalue(), "many zip entries", "beschädigt")
    encrypted = bytearray(good_xlsx())
    # Set the "encrypted" flag on every local and central header: zipfile refuses to read them.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := encrypted.find(signature, start)) != -1:
            encrypted[start + offset] |= 1
            start += 4
    add("verschluesselt.xlsx", bytes(encrypted), "encrypted zip", "beschädigt")

    # Mutations of good CSV files: every byte may be anything.
    for number in range(46):
        raw = bytearray((GOOD_CSV if number % 2 else GOOD_STATISTICS_CSV).encode())
        for _change in range(rng.choice([1, 3, 10])):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        add(f"veraendert-{number}.csv", bytes(raw), "mutated csv")
    # Formula-looking and control characters in cells (read as text, never evaluated).
    add("formeln.csv", b'Art;Titel\r\ndringend;=HYPERLINK("http://boese.example","x")\r\n'
                       b"dringend;+1+cmd|' /C calc'!A0\r\n", "formula text")
    add("steuerzeichen.csv", ("Art;Titel\r\n" + "".join(chr(c) for c in range(1, 32)) * 50).encode(),
        "control characters", "Steuerzeichen")
    return files
