"""Reading the spreadsheets people upload, and German numbers in them."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from hannover_teilhabe.tabular import MAX_ROWS, Budget, TableError, parse_decimal, read_table


def _file(raw, name):
    upload = io.BytesIO(raw)
    upload.name = name
    return upload


def test_excel_semicolon_csv_in_windows_1252_keeps_umlauts():
    raw = "Stadtteil;Wert\r\nDöhren;1.234,5\r\nMühlenberg;12,3\r\nGroß-Buchholz;7\r\n".encode("cp1252")
    assert read_table(_file(raw, "werte.csv")) == [
        ["Stadtteil", "Wert"], ["Döhren", "1.234,5"], ["Mühlenberg", "12,3"], ["Groß-Buchholz", "7"],
    ]


def test_utf8_with_bom_loses_the_bom():
    raw = "\ufeffStadtteil;Wert\nWülfel;3\n".encode()
    rows = read_table(_file(raw, "werte.csv"))
    assert rows[0][0] == "Stadtteil"
    assert rows == [["Stadtteil", "Wert"], ["Wülfel", "3"]]


def test_comma_separated_csv_with_quoted_decimal_commas():
    raw = b'Stadtteil,Wert\nList,"12,5"\nSahlkamp,"24,1"\n'
    assert read_table(_file(raw, "werte.csv")) == [["Stadtteil", "Wert"], ["List", "12,5"], ["Sahlkamp", "24,1"]]


def test_single_column_file_is_read_as_one_column():
    raw = b"Titel\nFamilienzentrum Vahrenheide\nStadtteiltreff Sahlkamp\n"
    assert read_table(_file(raw, "liste.csv")) == [
        ["Titel"], ["Familienzentrum Vahrenheide"], ["Stadtteiltreff Sahlkamp"],
    ]


def test_reading_a_single_column_file_leaves_csv_excel_alone():
    read_table(_file(b"Titel\nEins\nZwei\n", "liste.csv"))
    assert csv.excel.delimiter == ","
    # Every later reader and writer using the standard dialect still writes commas.
    out = io.StringIO()
    csv.writer(out).writerow(["a", "b"])
    assert out.getvalue() == "a,b\r\n"


def test_xlsx_keeps_numbers_as_numbers_and_skips_empty_rows():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Stadtteil", 2023, 2024])
    sheet.append([])
    sheet.append(["Sahlkamp", 23.9, 24])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = read_table(_file(buffer.getvalue(), "tabelle.xlsx"))
    assert rows == [["Stadtteil", 2023, 2024], ["Sahlkamp", 23.9, 24]]
    assert isinstance(rows[1][1], float) and isinstance(rows[1][2], int)


def test_too_many_rows_are_refused_with_german_grouping():
    raw = ("Titel\n" + "Zeile\n" * 1500).encode()
    with pytest.raises(TableError) as refused:
        read_table(_file(raw, "gross.csv"), max_rows=1000)
    # Reading stops at the budget, so the message names the limit, not a count of the whole file.
    assert str(refused.value) == "Die Datei hat mehr als 1.000 Zeilen; höchstens 1.000 sind erlaubt."


def test_default_row_limit_is_written_as_200_000():
    raw = ("x\n" * (MAX_ROWS + 1)).encode()
    expected = r"^Die Datei hat mehr als 200\.000 Zeilen; höchstens 200\.000 sind erlaubt\.$"
    # Time is a budget of its own; on a busy machine it must not stand in for the row limit here.
    with pytest.raises(TableError, match=expected):
        read_table(_file(raw, "gross.csv"), budget=Budget(max_seconds=120))


def test_one_long_shared_string_in_every_cell_is_refused_by_the_text_budget():
    from tests.hostile_files import sheet, xlsx

    # 3 KB on disk; read naively, 96 million characters for header search, the kept upload and the preview.
    shared = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              f'<si><t>{"B" * 32_000}</t></si></sst>')
    rows = "".join('<row>' + '<c t="s"><v>0</v></c>' * 100 + "</row>" for _ in range(30))
    raw = xlsx(sheet(rows), shared=shared)
    assert len(raw) < 10_000
    with pytest.raises(TableError) as refused:
        read_table(_file(raw, "vervielfacht.xlsx"))
    assert str(refused.value) == ("Die Datei enthält mehr als 10.000.000 Zeichen Text; höchstens 10.000.000 sind "
                                  "erlaubt.")


def test_reading_stops_at_the_time_budget_with_a_german_sentence():
    raw = ("Titel\n" + "Zeile\n" * 50_000).encode()
    with pytest.raises(TableError, match=r"^Die Datei lässt sich nicht in 0 Sekunden lesen; bitte laden Sie"):
        read_table(_file(raw, "langsam.csv"), budget=Budget(max_seconds=0))


@pytest.mark.parametrize("text, expected", [
    ("1.234,5", Decimal("1234.5")),
    ("12,3", Decimal("12.3")),
    ("1.234", Decimal("1234")),
    ("1.234.567", Decimal("1234567")),
    ("-1.234,50", Decimal("-1234.50")),
    ("12.3", Decimal("12.3")),
    ("1234", Decimal("1234")),
    (" 7 ", Decimal("7")),
    ("24,1 %", Decimal("24.1")),
    (12, Decimal("12")),
    (24.1, Decimal("24.1")),
])
def test_german_numbers_are_parsed(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text, message", [
    ("abc", "„abc“ ist keine Zahl (erwartet z. B. 12,5 oder 1.234)."),
    ("1,2,3", "„1,2,3“ ist keine Zahl (erwartet z. B. 12,5 oder 1.234)."),
    ("", "Der Wert fehlt."),
    (True, "„True“ ist keine Zahl."),
])
def test_text_that_is_no_number_gets_a_german_message(text, message):
    with pytest.raises(TableError) as refused:
        parse_decimal(text)
    assert str(refused.value) == message


def test_exports_keep_dates_as_dates_in_excel_and_german_text_in_csv(settings):
    import datetime
    import io as _io
    from zoneinfo import ZoneInfo

    from openpyxl import load_workbook

    from hannover_teilhabe.tabular import csv_response, xlsx_response

    settings.TIME_ZONE = "Europe/Berlin"
    moment = datetime.datetime(2026, 11, 25, 7, 30, tzinfo=ZoneInfo("UTC"))
    rows = [["Energieschulden", datetime.date(2026, 3, 18), moment]]
    text = csv_response("ergebnisse", ["Titel", "Datum", "geändert"], rows).content.decode("utf-8-sig")
    assert "Energieschulden;18.03.2026;25.11.2026 08:30" in text
    workbook = load_workbook(_io.BytesIO(xlsx_response("ergebnisse", ["Titel", "Datum", "geändert"], rows).content))
    sheet = workbook.active
    date_cell, moment_cell = sheet.cell(row=2, column=2), sheet.cell(row=2, column=3)
    assert date_cell.value == datetime.datetime(2026, 3, 18)
    assert date_cell.number_format == "DD.MM.YYYY"
    assert moment_cell.value == datetime.datetime(2026, 11, 25, 8, 30)
    assert moment_cell.number_format == "DD.MM.YYYY HH:MM"
