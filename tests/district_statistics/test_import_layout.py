"""The statistics import guides instead of refusing: it reads long or wide from the header, takes the
indicator from the title line, and counts skipped rows the same way in the preview and the result.
Files as offices and German Excel really write them import."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import PendingUpload
from district_statistics.models import ImportLog, Value
from district_statistics.services import FORMAT_LONG, FORMAT_WIDE, detect_layout, suggest_indicator
from hannover_teilhabe.tabular import TableError
from tests.district_statistics.conftest import csv_upload, xlsx_bytes
from tests.district_statistics.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

# As the Statistikstelle publishes a table: a title naming the indicator, a note, an empty row,
# the header with area numbers and years, "." for a value that is not published, a footnote.
OFFICE_TABLE = [
    ["SGB-II-Quote unter 15 Jahren in den Stadtteilen, Anteil in Prozent"],
    ["Stand jeweils 31.12."],
    [],
    ["Stadtteil-Nr.", "Stadtteil", 2022, 2023, 2024],
    [1, "Mitte", 20.2, 19.8, 19.5],
    [12, "Vahrenheide", 48.1, ".", 47.3],
    [21, "Sahlkamp", 45, 44.6, 44.9],
    [],
    ["Quelle: Landeshauptstadt Hannover, Sachgebiet Wahlen und Statistik"],
]


@pytest.fixture
def indicators():
    return {
        "sgb2": IndicatorFactory(key="sgb2-quote", name="SGB-II-Quote"),
        "kinder": IndicatorFactory(key="sgb2-quote-u15", name="SGB-II-Quote unter 15 Jahren"),
    }


def _upload(client, name, data, **fields):
    return client.post(reverse("statistics:import_upload"), {"file": SimpleUploadedFile(name, data), **fields})


def test_layout_is_read_from_the_header():
    assert detect_layout([["Titel"], ["Gebiet", "Indikator", "Jahr", "Wert"], ["List", "x", 2024, 1]]) == (
        FORMAT_LONG, 1)
    assert detect_layout(OFFICE_TABLE) == (FORMAT_WIDE, 3)
    with pytest.raises(TableError, match="^Keine Kopfzeile gefunden. Im Langformat .* im Breitformat"):
        detect_layout([["a", "b"], [1, 2]])


def test_title_line_suggests_the_indicator_it_names_most_exactly(indicators):
    assert suggest_indicator(OFFICE_TABLE) == indicators["kinder"]
    plain = [["SGB-II-Quote 2024"], ["Stadtteil", 2024], ["List", 7]]
    assert suggest_indicator(plain) == indicators["sgb2"]
    assert suggest_indicator([["Bevölkerung"], ["Stadtteil", 2024], ["List", 7]]) is None


def test_office_xlsx_with_a_title_line_imports_without_choosing_anything(client, planner, indicators):
    client.force_login(planner)
    response = _upload(client, "stadtteile-sgb2-u15.xlsx", xlsx_bytes(OFFICE_TABLE))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Breitformat (an der Kopfzeile erkannt)" in page
    assert "SGB-II-Quote unter 15 Jahren (aus der Titelzeile übernommen)" in page
    assert "Die Datei ist in Ordnung." in page and "Keine Kopfzeile gefunden" not in page
    response = client.post(response["Location"], {"on_conflict": "skip"}, follow=True)
    assert Value.objects.filter(indicator=indicators["kinder"]).count() == 8
    assert Value.objects.get(indicator=indicators["kinder"], area__key="stadtteil-12", year=2024).value == (
        Decimal("47.3"))
    assert not Value.objects.filter(indicator=indicators["sgb2"]).exists()


def test_wide_file_without_a_named_indicator_asks_for_one_in_the_preview(client, planner, indicators):
    client.force_login(planner)
    preview_url = _upload(client, "werte.csv", b"Stadtteil;2023;2024\r\nSahlkamp;23,9;24,1\r\n")["Location"]
    page = client.get(preview_url).content.decode()
    assert "die Titelzeile nennt keinen bekannten. Bitte wählen Sie ihn aus." in page
    assert "Import bestätigen" not in page and "lässt sich nicht lesen" not in page
    assert "fehlerhafte" not in page
    chosen = client.post(preview_url, {"indikator_waehlen": "1", "auswahl-indicator": indicators["sgb2"].pk})
    assert chosen.status_code == 302
    page = client.get(preview_url).content.decode()
    assert "Die Datei ist in Ordnung." in page and "2 neue Werte" in page
    client.post(preview_url, {"on_conflict": "skip"})
    assert Value.objects.filter(indicator=indicators["sgb2"]).count() == 2


def test_indicator_chosen_on_upload_wins_over_the_title_line(client, planner, indicators):
    client.force_login(planner)
    preview_url = _upload(client, "t.xlsx", xlsx_bytes(OFFICE_TABLE), indicator=indicators["sgb2"].pk)["Location"]
    page = client.get(preview_url).content.decode()
    assert "SGB-II-Quote</dd>" in page and "(aus der Titelzeile übernommen)" not in page


def test_preview_and_result_count_skipped_rows_the_same_way(client, planner, indicators):
    client.force_login(planner)
    text = ("Gebiet;Indikator;Jahr;Wert\r\nSahlkamp;sgb2-quote;2024;24,1\r\nList;sgb2-quote;2024;.\r\n"
            "Quelle: Statistikstelle;;;\r\n")
    preview_url = _upload(client, "werte.csv", text.encode())["Location"]
    assert "2 Zeilen werden übersprungen (kein Fehler)" in client.get(preview_url).content.decode()
    page = client.post(preview_url, {"on_conflict": "skip"}, follow=True).content.decode()
    assert "Import abgeschlossen: 1 neuer Wert, 0 ersetzt, 0 unverändert oder beibehalten, 2 Zeilen übersprungen." in (
        page)
    assert ImportLog.objects.get().skipped_count == 2


def test_semicolon_csv_with_bom_from_german_excel_imports(client, planner, indicators):
    # Excel "CSV UTF-8 (durch Trennzeichen getrennt)": BOM, semicolons, CRLF, decimal commas,
    # thousands points, and a quoted cell holding a semicolon.
    text = ("\ufeffGebiet;Indikator;Jahr;Wert;Zähler;Nenner;Quelle\r\n"
            "Sahlkamp;sgb2-quote;2024;24,1;2.310;9.585;\"Statistikstelle; Jobcenter\"\r\n"
            "Groß-Buchholz;SGB-II-Quote;2024;7,5;;;\r\n")
    client.force_login(planner)
    preview_url = _upload(client, "export aus excel.csv", text.encode("utf-8"))["Location"]
    assert "Langformat (an der Kopfzeile erkannt)" in client.get(preview_url).content.decode()
    client.post(preview_url, {"on_conflict": "skip"})
    sahlkamp = Value.objects.get(area__key="stadtteil-21")
    assert (sahlkamp.value, sahlkamp.numerator, sahlkamp.source_note) == (
        Decimal("24.1"), Decimal("2310"), "Statistikstelle; Jobcenter")
    assert Value.objects.count() == 2 and not PendingUpload.objects.exists()


def test_windows_1252_csv_from_older_excel_imports(client, planner, indicators):
    text = "Stadtteil;2024\r\nDöhren;12,5\r\nMühlenberg;30,1\r\n"
    client.force_login(planner)
    preview_url = _upload(client, "alt.csv", text.encode("cp1252"), indicator=indicators["sgb2"].pk)["Location"]
    client.post(preview_url, {"on_conflict": "skip"})
    assert Value.objects.filter(indicator=indicators["sgb2"]).count() == 2


def test_outcome_transcription_from_german_excel_imports(client, planner):
    from tests.workshops.factories import EventFactory, WorkshopFactory
    from workshops.models import Outcome

    workshop = WorkshopFactory(event=EventFactory(slug="fachtag-excel"), number=2)
    text = ("\ufeffWorkshop 2: Abschrift der Flipcharts;;;\r\n"
            "Art;Titel;Zielgruppen;Stadtteile/Bezirke\r\n"
            "Verbesserungsbedarf;\"Anträge vereinfachen; mehr Beratung\";Alleinerziehende;Sahlkamp\r\n"
            "dringend;\"Energieschulden\r\nund Stromsperren\";;gesamtstädtisch\r\n")
    client.force_login(planner)
    url = reverse("workshops:outcome_import", args=[workshop.pk])
    assert "Alle 2 Zeilen sind in Ordnung." in client.post(url, {"file": csv_upload(text)}).content.decode()
    client.post(url, {"bestaetigen": "1"})
    assert set(Outcome.objects.filter(workshop=workshop).values_list("title", flat=True)) == {
        "Anträge vereinfachen; mehr Beratung", "Energieschulden\r\nund Stromsperren"}
