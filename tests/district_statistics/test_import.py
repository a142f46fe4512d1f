"""Importing values: long and wide files, every kind of bad row, conflicts, idempotence, size."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.models import Area
from district_statistics.models import ImportLog, Indicator, Value
from district_statistics.services import ImportRefused, apply_import, plan_file
from tests.district_statistics.conftest import NamedBytes, xlsx_bytes
from tests.district_statistics.factories import IndicatorFactory, ValueFactory

pytestmark = pytest.mark.django_db


def _plan(text, file_format="long", indicator=None, name="werte.csv"):
    return plan_file(file=NamedBytes(text.encode("utf-8"), name), file_format=file_format, indicator=indicator)


def _value(indicator, area_key, year):
    return Value.objects.get(indicator=indicator, area__key=area_key, year=year)


@pytest.fixture
def sgb2():
    return IndicatorFactory(key="sgb2-quote", name="SGB-II-Quote")


@pytest.fixture
def residents():
    return IndicatorFactory(key="einwohner", name="Einwohner*innen", unit=Indicator.Unit.PERSONS, decimals=0)


LONG_FILE = """Landeshauptstadt Hannover – Sozialstatistik;;;;;
Stand: 31.12.2024;;;;;
Gebiet;Indikator;Jahr;Wert;Zähler;Nenner
Sahlkamp;sgb2-quote;2024;24,1;2.310;9.585
stadtteil-12;sgb2-quote;2024;26,75;;
Stadtbezirk Mitte;sgb2-quote;2024;12,3;;
Vahrenwald-List;SGB-II-Quote;2024;14,2;;
Gesamtstadt;einwohner;2024;545.123;;
21;sgb2-quote;2023;23,9;;
Quelle: Landeshauptstadt Hannover;;;;;
"""


def test_long_file_with_title_rows_and_german_numbers_imports(sgb2, residents, planner):
    plan = _plan(LONG_FILE)
    assert plan.is_valid, plan.errors
    log = apply_import(plan=plan, on_conflict="fail", user=planner, filename="werte.csv")
    sahlkamp = _value(sgb2, "stadtteil-21", 2024)
    assert sahlkamp.value == Decimal("24.1")
    assert sahlkamp.numerator == Decimal("2310") and sahlkamp.denominator == Decimal("9585")
    assert _value(sgb2, "stadtteil-12", 2024).value == Decimal("26.75")
    assert _value(sgb2, "bezirk-1", 2024).value == Decimal("12.3")  # "Stadtbezirk Mitte", not Stadtteil Mitte
    assert _value(sgb2, "bezirk-2", 2024).value == Decimal("14.2")  # a name only a Bezirk has
    assert _value(residents, "stadt", 2024).value == Decimal("545123")
    assert _value(sgb2, "stadtteil-21", 2023).value == Decimal("23.9")  # official number
    assert (log.created_count, log.row_count, log.imported_by) == (6, 6, planner)
    assert ImportLog.objects.count() == 1


def test_area_column_named_stadtbezirk_reads_names_as_bezirke(sgb2):
    plan = _plan("Stadtbezirk;Indikator;Jahr;Wert\nMitte;sgb2-quote;2024;12,0\nRicklingen;sgb2-quote;2024;15\n")
    apply_import(plan=plan, on_conflict="fail")
    assert _value(sgb2, "bezirk-1", 2024).value == 12
    assert _value(sgb2, "bezirk-9", 2024).value == 15


WIDE_ROWS = [
    ["SGB-II-Quote in den Stadtteilen, in Prozent"],
    ["Quelle: Landeshauptstadt Hannover, Statistikstelle"],
    [],
    ["Nr.", "Stadtteil", 2022, 2023, "2024"],
    [1, "Mitte", 10.2, "10,0", "9,8"],
    [2, "Calenberger Neustadt", "11,4", ".", "11,1"],
    [21, "Sahlkamp", "25,0", "–", "x"],
    ["17/20", "Ledeburg/Nordhafen", "14,0", "14,2", "14,4"],
    [None, "Hannover insgesamt", 15.1, 15.0, 14.9],
    ["Hinweis: „.“ = kein Wert"],
]


def test_wide_xlsx_from_statistics_office_imports_and_skips_no_value_cells(sgb2):
    plan = plan_file(file=NamedBytes(xlsx_bytes(WIDE_ROWS), "tabelle.xlsx"), file_format="wide", indicator=sgb2)
    assert plan.is_valid, plan.errors
    assert any("Ledeburg und Nordhafen" in notice.message for notice in plan.notices)
    apply_import(plan=plan, on_conflict="fail")
    assert _value(sgb2, "stadtteil-1", 2022).value == Decimal("10.2")
    assert _value(sgb2, "stadtteil-1", 2024).value == Decimal("9.8")
    assert not Value.objects.filter(indicator=sgb2, area__key="stadtteil-2", year=2023).exists()
    assert Value.objects.filter(indicator=sgb2, area__key="stadtteil-21").count() == 1
    assert _value(sgb2, "stadt", 2024).value == Decimal("14.9")
    assert not Value.objects.filter(area__key__in=["stadtteil-17", "stadtteil-20"]).exists()
    assert Value.objects.filter(indicator=sgb2).count() == 3 + 2 + 1 + 3


def test_wide_csv_with_german_decimal_commas():
    income = IndicatorFactory(key="einkommen", unit=Indicator.Unit.EURO)
    plan = _plan("Stadtteil;2023;2024\nSahlkamp;23,9;24,1\nVahrenheide;1.002,5;26,0\n", "wide", income)
    apply_import(plan=plan, on_conflict="fail")
    assert _value(income, "stadtteil-21", 2024).value == Decimal("24.1")
    assert _value(income, "stadtteil-12", 2023).value == Decimal("1002.5")


BAD_ROWS = {
    "unknown_area": ("Atlantis;sgb2-quote;2024;10", "Das Gebiet „Atlantis“ ist unbekannt"),
    "unknown_indicator": ("Sahlkamp;armutsquote;2024;10", "Der Indikator „armutsquote“ ist unbekannt"),
    "value_not_a_number": ("Sahlkamp;sgb2-quote;2024;viel", "Wert: „viel“ ist keine Zahl"),
    "year_out_of_range": ("Sahlkamp;sgb2-quote;1850;10", "Das Jahr 1850 liegt außerhalb"),
    "year_not_a_number": ("Sahlkamp;sgb2-quote;letztes Jahr;10", "„letztes Jahr“ ist keine Jahreszahl"),
    "duplicate_row": ("List;sgb2-quote;2024;11", "steht schon in Zeile 2"),
}


@pytest.mark.parametrize("kind", BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_and_nothing_is_saved(sgb2, kind):
    bad_row, message = BAD_ROWS[kind]
    text = f"Gebiet;Indikator;Jahr;Wert\nList;sgb2-quote;2024;10,5\n{bad_row}\nMitte;sgb2-quote;2024;9\n"
    plan = _plan(text)
    assert not plan.is_valid
    assert [error.line for error in plan.errors] == [3]
    assert message in plan.errors[0].message
    with pytest.raises(ImportRefused):
        apply_import(plan=plan, on_conflict="replace")
    assert Value.objects.count() == 0
    assert ImportLog.objects.count() == 0


def test_wide_file_with_bad_cell_saves_nothing(sgb2):
    plan = _plan("Stadtteil;2023;2024\nSahlkamp;23,9;24,1\nVahrenheide;viel;26,0\n", "wide", sgb2)
    assert [error.line for error in plan.errors] == [3]
    assert "Wert für 2023" in plan.errors[0].message
    assert Value.objects.count() == 0


def test_file_without_header_gets_a_german_message(sgb2):
    from hannover_teilhabe.tabular import TableError

    with pytest.raises(TableError, match="Keine Kopfzeile gefunden"):
        _plan("a;b;c\n1;2;3\n")


def test_reimport_is_idempotent(sgb2, residents):
    apply_import(plan=_plan(LONG_FILE), on_conflict="fail")
    before = list(Value.objects.order_by("pk").values_list("pk", "value", "numerator"))
    plan = _plan(LONG_FILE)
    assert (len(plan.new), len(plan.conflicts), len(plan.unchanged)) == (0, 0, 6)
    log = apply_import(plan=plan, on_conflict="fail")
    assert list(Value.objects.order_by("pk").values_list("pk", "value", "numerator")) == before
    assert (log.created_count, log.replaced_count, log.kept_count) == (0, 0, 6)
    # The note row under the table is skipped, the same count the preview shows.
    assert log.skipped_count == plan.skipped_rows == 1
    assert "unverändert: 6" in log.note


@pytest.mark.parametrize("choice, expected, replaced", [("replace", Decimal("30"), 1), ("skip", Decimal("20"), 0)])
def test_conflicting_value_is_replaced_or_kept_as_chosen(sgb2, choice, expected, replaced):
    sahlkamp = Area.objects.get(key="stadtteil-21")
    ValueFactory(indicator=sgb2, area=sahlkamp, year=2024, value=Decimal("20"), numerator=Decimal("500"))
    plan = _plan("Gebiet;Indikator;Jahr;Wert\nSahlkamp;sgb2-quote;2024;30\nList;sgb2-quote;2024;5\n")
    assert [p.area for p in plan.conflicts] == [sahlkamp]
    log = apply_import(plan=plan, on_conflict=choice)
    value = _value(sgb2, "stadtteil-21", 2024)
    assert value.value == expected
    assert value.numerator == Decimal("500")  # not given in the file: kept
    assert log.replaced_count == replaced and log.created_count == 1


def test_conflict_with_fail_saves_nothing(sgb2):
    ValueFactory(indicator=sgb2, area=Area.objects.get(key="stadtteil-21"), year=2024, value=Decimal("20"))
    plan = _plan("Gebiet;Indikator;Jahr;Wert\nSahlkamp;sgb2-quote;2024;30\nList;sgb2-quote;2024;5\n")
    with pytest.raises(ImportRefused, match="^1 Wert weicht von bereits gespeicherten ab"):
        apply_import(plan=plan, on_conflict="fail")
    assert Value.objects.count() == 1


def test_five_thousand_rows_import(sgb2):
    indicators = [sgb2, IndicatorFactory(key="kinderarmut"), IndicatorFactory(key="alo")]
    areas = list(Area.objects.order_by("pk"))
    lines = ["Gebiet;Indikator;Jahr;Wert"]
    for index in range(5000):
        area = areas[index % len(areas)]
        indicator = indicators[index // (len(areas) * 30)]
        year = 1995 + (index // len(areas)) % 30
        lines.append(f"{area.key};{indicator.key};{year};{index % 97},{index % 10}")
    plan = _plan("\n".join(lines))
    assert plan.is_valid, plan.errors[:3]
    log = apply_import(plan=plan, on_conflict="fail")
    assert log.created_count == 5000 == Value.objects.count()
    assert log.row_count == 5000


def test_management_command_imports_and_refuses_bad_files(sgb2, tmp_path):
    good = tmp_path / "gut.csv"
    good.write_text("Stadtteil;2023;2024\nSahlkamp;23,9;24,1\n", encoding="utf-8")
    out = StringIO()
    call_command("import_statistics", str(good), "--format", "wide", "--indicator", "sgb2-quote", stdout=out)
    assert "2 neu" in out.getvalue()
    assert Value.objects.filter(indicator=sgb2).count() == 2
    bad = tmp_path / "schlecht.csv"
    bad.write_text("Gebiet;Indikator;Jahr;Wert\nAtlantis;sgb2-quote;2024;1\nList;sgb2-quote;2024;2\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="^1 fehlerhafte Zeile; es wurde nichts gespeichert"):
        call_command("import_statistics", str(bad), stdout=StringIO(), stderr=err)
    assert "Zeile 2: Das Gebiet „Atlantis“ ist unbekannt" in err.getvalue()
    changed = tmp_path / "anders.csv"
    changed.write_text("Stadtteil;2024\nSahlkamp;30\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 Wert weicht"):
        call_command("import_statistics", str(changed), "--format", "wide", "--indicator", "sgb2-quote",
                     stdout=StringIO())
    out = StringIO()
    call_command("import_statistics", str(changed), "--format", "wide", "--indicator", "sgb2-quote",
                 "--on-conflict", "replace", stdout=out)
    assert ("0 neu, 1 ersetzt, 0 unverändert oder beibehalten, 0 Zeilen übersprungen (1 Zeile mit Werten)."
            in out.getvalue())
    assert _value(sgb2, "stadtteil-21", 2024).value == 30
    assert Value.objects.filter(indicator=sgb2).count() == 2


def test_values_saved_by_someone_else_after_the_check_refuse_the_import(sgb2):
    plan = _plan("Gebiet;Indikator;Jahr;Wert\nSahlkamp;sgb2-quote;2024;30\nList;sgb2-quote;2024;5\n")
    ValueFactory(indicator=sgb2, area=Area.objects.get(key="stadtteil-10"), year=2024, value=Decimal("6"))
    with pytest.raises(ImportRefused, match="Datei erneut"):
        apply_import(plan=plan, on_conflict="replace")
    assert Value.objects.count() == 1 and ImportLog.objects.count() == 0


def test_own_csv_export_imports_back_unchanged(client, sgb2, residents):
    from django.urls import reverse

    sgb2.suppression_threshold = 10
    sgb2.save()
    sahlkamp, mitte_bezirk = Area.objects.get(key="stadtteil-21"), Area.objects.get(key="bezirk-1")
    ValueFactory(indicator=sgb2, area=sahlkamp, value=Decimal("24.1"), numerator=Decimal(2310),
                 denominator=Decimal(9585))
    ValueFactory(indicator=sgb2, area=mitte_bezirk, value=Decimal("12.5"))
    ValueFactory(indicator=residents, area=mitte_bezirk, value=Decimal("41234"))
    ValueFactory(indicator=sgb2, area=Area.objects.get(key="stadtteil-53"), value=Decimal("40"), numerator=4)
    exported = client.get(reverse("statistics:export"), {"indikator": [sgb2.pk, residents.pk], "format": "csv"}).content
    plan = plan_file(file=NamedBytes(exported, "export.csv"), file_format="long")
    assert plan.is_valid, plan.errors
    assert (len(plan.new), len(plan.conflicts), len(plan.unchanged)) == (0, 0, 3)
    assert any("ohne Wert" in notice.message for notice in plan.notices)  # the suppressed row


def test_level_column_and_label_suffix_choose_the_bezirk(sgb2):
    text = ("Gebiet;Ebene;Indikator;Jahr;Wert\n1;Stadtbezirk;sgb2-quote;2024;12\n"
            "Ricklingen (Stadtbezirk);;sgb2-quote;2024;15\nRicklingen;;sgb2-quote;2024;16\n1;;sgb2-quote;2024;9\n")
    apply_import(plan=_plan(text), on_conflict="fail")
    assert _value(sgb2, "bezirk-1", 2024).value == 12
    assert _value(sgb2, "bezirk-9", 2024).value == 15
    assert _value(sgb2, "stadtteil-40", 2024).value == 16  # the Stadtteil Ricklingen
    assert _value(sgb2, "stadtteil-1", 2024).value == 9


def test_merged_rows_in_long_format_are_skipped_with_a_clear_message(sgb2):
    plan = _plan("Gebiet;Indikator;Jahr;Wert\nVinnhorst/Brink-Hafen;sgb2-quote;2024;12\nList;sgb2-quote;2024;5\n")
    assert plan.is_valid
    assert plan.notices[0].line == 2
    assert "fasst die Stadtteile Vinnhorst und Brink-Hafen zusammen" in plan.notices[0].message
    apply_import(plan=plan, on_conflict="fail")
    assert Value.objects.count() == 1
