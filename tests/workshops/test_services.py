import io

import pytest
from openpyxl import Workbook

from hannover_teilhabe.tabular import read_table
from workshops import selectors, services
from workshops.models import Outcome
from workshops.services import ImportRejected, outcome_import, parse_import


def table(text):
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = "ergebnisse.csv"
    return read_table(upload)


HEADER = "Art;Titel;Beschreibung;Handlungsfeld;Zielgruppen;Stadtteile/Bezirke;Gewichtung;bestehendes Angebot\n"


# --- Create, edit, delete ----------------------------------------------------------------------

def test_planner_creates_outcome_with_places_and_groups_and_one_history_entry(
        workshop, planner, housing, single_parents, sahlkamp):
    outcome = services.outcome_create(
        workshop=workshop, by=planner, kind=Outcome.Kind.URGENT, title="  Energieschulden  ",
        description="Stromsperren drohen.", field_of_action=housing, target_groups=[single_parents],
        areas=[sahlkamp], weight=7,
    )
    outcome.refresh_from_db()
    assert outcome.title == "Energieschulden"
    assert outcome.created_by == planner
    assert list(outcome.target_groups.all()) == [single_parents]
    assert list(outcome.areas.all()) == [sahlkamp]
    history = list(outcome.history.all())
    assert len(history) == 1
    assert history[0].history_type == "+"
    assert history[0].history_user == planner
    assert [row.area_id for row in history[0].areas.all()] == [sahlkamp.pk]


def test_editing_outcome_records_who_changed_what(workshop, planner, department, housing, education,
                                                  single_parents, elderly):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind=Outcome.Kind.IMPROVE,
                                      title="Kita-Plätze", field_of_action=education,
                                      target_groups=[single_parents], weight=3)
    services.outcome_update(outcome=outcome, by=department, based_on=services.version_token(outcome),
                            title="Mehr Kita-Plätze", weight=10,
                            kind=Outcome.Kind.URGENT, field_of_action=housing,
                            target_groups=[single_parents, elderly])
    outcome.refresh_from_db()
    assert outcome.title == "Mehr Kita-Plätze"
    assert outcome.history.count() == 2

    entries = selectors.outcome_history(outcome)
    latest = entries[0]
    assert latest.action == "geändert"
    assert latest.user == department
    changes = {change.label: (change.old, change.new) for change in latest.changes}
    assert changes["Titel"] == ("Kita-Plätze", "Mehr Kita-Plätze")
    assert changes["Art"] == ("Verbesserungsbedarf", "dringendes Problem")
    assert changes["Gewichtung"] == ("3", "10")
    assert changes["Handlungsfeld"] == ("Bildung", "Wohnen")
    assert changes["Zielgruppen"] == ("Alleinerziehende", "Alleinerziehende, Ältere Menschen")
    assert entries[1].action == "angelegt"
    assert entries[1].user == planner


def test_deleting_outcome_removes_it_and_keeps_a_history_entry(workshop, planner):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind=Outcome.Kind.WORKS, title="Stadtteiltreff")
    pk = outcome.pk
    services.outcome_delete(outcome=outcome, by=planner)
    assert not Outcome.objects.filter(pk=pk).exists()
    deletion = Outcome.history.filter(id=pk, history_type="-").get()
    assert deletion.history_user == planner


# --- Import --------------------------------------------------------------------------------

def test_import_good_file_saves_every_row_with_history(workshop, planner, housing, single_parents, elderly,
                                                       sahlkamp, linden_limmer):
    rows = table(
        HEADER
        + "Bereits erfolgreich umgesetzt;Stadtteiltreff Sahlkamp;Offener Treff;Wohnen;Alleinerziehende;"
          "Sahlkamp;5;Stadtteiltreff Sahlkamp\n"
        + "verbesserungsbedarf;Mehr Sozialwohnungen;;wohnen;Alleinerziehende, Ältere Menschen;"
          "gesamtstädtisch;12;\n"
        + "DRINGEND;Energieschulden;;;Ältere Menschen | Alleinerziehende;Bezirk Linden-Limmer, 21;3;\n"
    )
    created = outcome_import(workshop=workshop, rows=rows, by=planner)
    assert len(created) == 3
    works = Outcome.objects.get(title="Stadtteiltreff Sahlkamp")
    assert works.kind == Outcome.Kind.WORKS
    assert works.existing_offer == "Stadtteiltreff Sahlkamp"
    assert works.field_of_action == housing
    assert list(works.areas.all()) == [sahlkamp]
    housing_need = Outcome.objects.get(title="Mehr Sozialwohnungen")
    assert housing_need.citywide is True
    assert housing_need.weight == 12
    assert set(housing_need.target_groups.all()) == {single_parents, elderly}
    urgent = Outcome.objects.get(title="Energieschulden")
    assert urgent.kind == Outcome.Kind.URGENT
    assert set(urgent.areas.all()) == {linden_limmer, sahlkamp}  # "21" is Sahlkamp's number
    assert urgent.created_by == planner
    record = urgent.history.get()
    assert record.history_type == "+"
    assert record.history_user == planner
    assert {row.area_id for row in record.areas.all()} == {linden_limmer.pk, sahlkamp.pk}
    assert selectors.outcome_history(urgent)[0].reason == "Import"


def test_import_reads_excel_files(workshop, planner):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Art", "Titel", "Gewichtung"])
    sheet.append(["Verbesserungsbedarf", "Anträge vereinfachen", 4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "flipchart.xlsx"
    created = outcome_import(workshop=workshop, rows=read_table(buffer), by=planner)
    assert [(o.title, o.weight) for o in created] == [("Anträge vereinfachen", 4)]


BAD_ROWS = [
    ("Unbekannt;Titel X;;;;;;", "„Unbekannt“ ist keine bekannte Art"),
    (";Titel X;;;;;;", "Die Art fehlt."),
    ("dringend;;;;;;;", "Der Titel fehlt."),
    ("dringend;" + "x" * 201 + ";;;;;;", "höchstens 200 sind erlaubt"),
    ("dringend;Titel X;;;;Atlantis;;", "Unbekannter Stadtteil oder Stadtbezirk: „Atlantis“."),
    ("dringend;Titel X;;Raumfahrt;;;;", "Unbekanntes Handlungsfeld: „Raumfahrt“."),
    ("dringend;Titel X;;;Astronauten;;;", "Unbekannte Zielgruppe: „Astronauten“."),
    ("dringend;Titel X;;;;;viele;", "Die Gewichtung „viele“ ist keine Zahl."),
    ("dringend;Titel X;;;;;-2;", "Die Gewichtung muss eine ganze Zahl ab 0 sein"),
    ("dringend;Titel X;;;;;99999999999999;", "ist zu groß; höchstens 10.000 sind möglich."),
    ("dringend;Titel X;;;;;;Familienzentrum", "Ein bestehendes Angebot gehört nur zu „bereits erfolgreich umgesetzt“."),
    ("dringend;Titel X;;;;gesamtstädtisch, Sahlkamp;;",
     "„gesamtstädtisch“ und einzelne Stadtteile schließen sich aus."),
    ("dringend;Gute Zeile;;;;;;", "Dieses Ergebnis steht schon in Zeile 2 der Datei."),
]


@pytest.mark.parametrize(("bad_row", "message"), BAD_ROWS)
def test_import_with_a_bad_row_saves_nothing_and_names_the_problem(workshop, planner, bad_row, message):
    rows = table(HEADER + "dringend;Gute Zeile;;;;;;\n" + bad_row + "\n")
    with pytest.raises(ImportRejected) as rejected:
        outcome_import(workshop=workshop, rows=rows, by=planner)
    assert Outcome.objects.count() == 0
    assert Outcome.history.count() == 0
    bad = rejected.value.preview.error_rows
    assert len(bad) == 1
    assert bad[0].line == 3
    assert any(message in error for error in bad[0].errors), bad[0].errors


def test_import_refuses_rows_already_on_the_board(workshop, planner):
    services.outcome_create(workshop=workshop, by=planner, kind=Outcome.Kind.URGENT, title="Energieschulden")
    preview = parse_import(table(HEADER + "dringend;energieschulden;;;;;;\n"), workshop=workshop)
    assert not preview.ok
    assert "gibt es in diesem Workshop schon" in preview.error_rows[0].errors[0]


def test_import_without_required_column_explains_it(workshop):
    preview = parse_import(table("Titel;Beschreibung\nX;Y\n"), workshop=workshop)
    assert preview.file_errors == ["Die Pflichtspalte „Art“ fehlt in der Kopfzeile."]
    assert not preview.ok


TITLE = "Fachtag Armut und Teilhabe – Abschrift Workshop 1 (18.03.2026)"


def test_import_skips_title_rows_above_the_header_in_csv(workshop, planner):
    rows = table(f"{TITLE};;\nArt;Titel;Gewichtung\ndringend;Energieschulden;3\nerfolgreich;;1\n")
    preview = parse_import(rows, workshop=workshop)
    assert preview.file_errors == []
    assert preview.notes == [f"Die Zeile „{TITLE}“ über der Kopfzeile wurde als Überschrift übersprungen."]
    assert [row.values["title"] for row in preview.rows] == ["Energieschulden", ""]
    assert preview.error_rows[0].line == 4  # title, header, first result: the bad row is the fourth


def test_import_skips_title_rows_above_the_header_in_excel(workshop, planner):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.append(["Moderation: Sozialplanung"])
    sheet.append(["Art", "Titel", "Gewichtung"])
    sheet.append(["Verbesserungsbedarf", "Anträge vereinfachen", 4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "abschrift.xlsx"
    created = outcome_import(workshop=workshop, rows=read_table(buffer), by=planner)
    assert [(o.title, o.kind, o.weight) for o in created] == [("Anträge vereinfachen", Outcome.Kind.IMPROVE, 4)]


def test_import_names_unknown_columns(workshop):
    preview = parse_import(table("Art;Titel;Farbe\ndringend;X;rot\n"), workshop=workshop)
    assert preview.ok
    assert preview.notes == ["Die Spalte „Farbe“ ist unbekannt und wird nicht übernommen."]


def test_import_of_5000_rows_is_quick_and_complete(workshop, planner, django_assert_max_num_queries):
    lines = [HEADER]
    kinds = ["erfolgreich", "Verbesserungsbedarf", "dringend"]
    for number in range(5000):
        kind = kinds[number % 3]
        offer = "Familienzentrum" if kind == "erfolgreich" else ""
        lines.append(f"{kind};Ergebnis {number};Text {number};Wohnen;Alleinerziehende|Ältere Menschen;"
                     f"Sahlkamp, Linden-Süd;{number % 20};{offer}\n")
    rows = table("".join(lines))
    # Bulk writes keep the cost flat: a few dozen queries, not tens of thousands (timing: bench/).
    with django_assert_max_num_queries(60):
        created = outcome_import(workshop=workshop, rows=rows, by=planner)
    assert len(created) == 5000
    assert Outcome.objects.filter(workshop=workshop).count() == 5000
    assert Outcome.target_groups.through.objects.count() == 10000
    assert Outcome.areas.through.objects.count() == 10000
    assert Outcome.history.filter(history_type="+").count() == 5000


def test_update_based_on_an_outdated_version_is_refused(workshop, planner, department):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind=Outcome.Kind.URGENT, title="Erste Fassung")
    opened = services.version_token(outcome)
    services.outcome_update(outcome=Outcome.objects.get(pk=outcome.pk), by=department, based_on=opened,
                            title="Fassung Dezernat")
    stale = Outcome.objects.get(pk=outcome.pk)
    with pytest.raises(services.OutcomeChanged) as changed:
        services.outcome_update(outcome=stale, by=planner, based_on=opened, title="Fassung Planung")
    assert changed.value.updated_by == department
    assert Outcome.objects.get(pk=outcome.pk).title == "Fassung Dezernat"


def test_update_without_a_version_is_refused_like_a_measure_edit(workshop, planner, department):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind=Outcome.Kind.URGENT, title="Erste Fassung")
    services.outcome_update(outcome=Outcome.objects.get(pk=outcome.pk), by=department,
                            based_on=services.version_token(outcome), title="Fassung Dezernat")

    with pytest.raises(services.OutcomeChanged):
        services.outcome_update(outcome=Outcome.objects.get(pk=outcome.pk), by=planner, based_on="",
                                title="Fassung ohne Stand")

    assert Outcome.objects.get(pk=outcome.pk).title == "Fassung Dezernat"
