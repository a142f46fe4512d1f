"""One way of reading Stadtteil and Stadtbezirk names for every import and the demo."""

import pytest

from core.areas import AreaResolver, fold
from core.models import Area

pytestmark = pytest.mark.django_db

QUARTER, DISTRICT = Area.Kind.QUARTER, Area.Kind.DISTRICT


@pytest.fixture
def resolver():
    return AreaResolver()


def _key(resolver, text, **kwargs):
    match = resolver.resolve(text, **kwargs)
    return match.area.key if match.found else None


@pytest.mark.parametrize("text, key", [
    ("stadtteil-10", "stadtteil-10"),
    ("Bezirk-2", "bezirk-2"),
    ("stadt", "stadt"),
    ("10", "stadtteil-10"),
    (10, "stadtteil-10"),
    (10.0, "stadtteil-10"),
    ("List", "stadtteil-10"),
    ("LIST", "stadtteil-10"),
    ("  sahlkamp ", "stadtteil-21"),
    ("Döhren", "stadtteil-29"),
    ("Doehren", "stadtteil-29"),
    ("DÖHREN", "stadtteil-29"),
    ("Do\u0308hren", "stadtteil-29"),  # decomposed umlaut as macOS writes it
    ("Groß-Buchholz", "stadtteil-25"),
    ("Gross-Buchholz", "stadtteil-25"),
    ("GROSS – BUCHHOLZ", "stadtteil-25"),
    ("Linden Nord", "stadtteil-33"),
    ("Isernhagen-Sued", "stadtteil-48"),
    ("21 Sahlkamp", "stadtteil-21"),
    ("21 - Sahlkamp", "stadtteil-21"),
    ("Stadtteil 21", "stadtteil-21"),
    ("Bezirk 10", "bezirk-10"),
    ("Stadtbezirk 10", "bezirk-10"),
    ("Bezirk Linden-Limmer", "bezirk-10"),
    ("Stadtbezirk Döhren-Wülfel", "bezirk-8"),
    ("stadtbezirk doehren-wuelfel", "bezirk-8"),
    ("Vahrenwald-List", "bezirk-2"),  # a name only the Bezirk has
    ("Ricklingen (Stadtbezirk)", "bezirk-9"),
    ("Gesamtstadt", "stadt"),
    ("Hannover insgesamt", "stadt"),
])
def test_spellings_people_use_find_the_area(resolver, text, key):
    assert _key(resolver, text) == key


@pytest.mark.parametrize("name, quarter, district", [("Mitte", "stadtteil-1", "bezirk-1"),
                                                      ("Ricklingen", "stadtteil-40", "bezirk-9")])
def test_names_of_both_levels_follow_the_level_asked_for(resolver, name, quarter, district):
    assert _key(resolver, name) == quarter  # Stadtteil unless told otherwise
    assert _key(resolver, name, level=QUARTER) == quarter
    assert _key(resolver, name, level=DISTRICT) == district
    assert _key(resolver, f"Bezirk {name}", level=QUARTER) == district  # the text's prefix wins


def test_bare_numbers_follow_the_level(resolver):
    assert _key(resolver, "1", level=QUARTER) == "stadtteil-1"
    assert _key(resolver, "1", level=DISTRICT) == "bezirk-1"
    assert _key(resolver, "Stadtteil 1", level=DISTRICT) == "stadtteil-1"


def test_name_of_one_level_is_found_whatever_the_level(resolver):
    assert _key(resolver, "Sahlkamp", level=DISTRICT) == "stadtteil-21"
    assert _key(resolver, "Herrenhausen-Stöcken", level=QUARTER) == "bezirk-12"


def test_number_from_its_own_column_is_used_when_the_name_finds_nothing(resolver):
    assert _key(resolver, "Sahlkamp (Nord)", number=21) == "stadtteil-21"
    assert _key(resolver, "", number="21") == "stadtteil-21"
    assert _key(resolver, "Mitte", number=9, level=DISTRICT) == "bezirk-1"  # the name wins


@pytest.mark.parametrize("text, names", [
    ("Ledeburg/Nordhafen", ["Ledeburg", "Nordhafen"]),
    ("Vinnhorst/Brink-Hafen", ["Vinnhorst", "Brink-Hafen"]),
    ("Vinnhorst / Brink Hafen", ["Vinnhorst", "Brink-Hafen"]),
    ("Linden-Nord und Limmer", ["Linden-Nord", "Limmer"]),
    ("17/20", ["Ledeburg", "Nordhafen"]),
])
def test_merged_rows_are_reported_as_merged_not_matched(resolver, text, names):
    match = resolver.resolve(text)
    assert not match.found
    assert [area.name for area in match.merged] == names


@pytest.mark.parametrize("text", ["Atlantis", "Ledeburg/Atlantis", "Bezirk 99", "99", "stadtteil-99", "", None,
                                  "Bezirk Sahlkamp"])
def test_unknown_places_find_nothing(resolver, text):
    match = resolver.resolve(text)
    assert not match.found and match.merged == ()


def test_resolver_limited_to_some_areas_knows_only_those():
    resolver = AreaResolver(Area.objects.exclude(kind=Area.Kind.CITY))
    assert not resolver.resolve("Gesamtstadt").found
    assert not resolver.resolve("stadt").found
    assert resolver.resolve("List").found


def test_get_raises_for_an_unknown_name(resolver):
    assert resolver.get("Bezirk Linden-Limmer").key == "bezirk-10"
    with pytest.raises(Area.DoesNotExist):
        resolver.get("Atlantis")


def test_resolver_reads_the_areas_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        resolver = AreaResolver()
        for text in ("List", "Bezirk 10", "Döhren", "Ledeburg/Nordhafen", "Atlantis"):
            resolver.resolve(text)


def test_fold_ignores_case_umlauts_and_dashes():
    assert fold("Groß-Buchholz") == fold("GROSS – BUCHHOLZ") == "gross-buchholz"
    assert fold("Mühlenberg") == fold("Muehlenberg")


SPELLINGS = [("Doehren", "stadtteil-29"), ("Gross-Buchholz", "stadtteil-25"), ("stadtteil-21", "stadtteil-21"),
             ("Bezirk 10", "bezirk-10"), ("Stadtbezirk Linden-Limmer", "bezirk-10"), ("Mitte", "stadtteil-1"),
             ("Vahrenwald-List", "bezirk-2"), ("40", "stadtteil-40")]


@pytest.mark.parametrize("text, key", SPELLINGS)
def test_outcome_and_statistics_imports_read_a_place_the_same_way(text, key):
    from district_statistics.services import plan_import
    from tests.district_statistics.factories import IndicatorFactory
    from tests.workshops.factories import WorkshopFactory
    from workshops.services import parse_import

    preview = parse_import([["Art", "Titel", "Stadtteile/Bezirke"], ["dringend", "Energieschulden", text]],
                           workshop=WorkshopFactory())
    assert [area.key for area in preview.rows[0].areas] == [key], preview.rows[0].errors
    indicator = IndicatorFactory(key="sgb2-quote")
    plan = plan_import(table=[["Gebiet", "Indikator", "Jahr", "Wert"], [text, "sgb2-quote", 2024, "5"]],
                       file_format="long", indicator=indicator)
    assert [planned.area.key for planned in plan.values] == [key], plan.errors


def test_outcome_import_takes_both_stadtteile_of_a_merged_name():
    from tests.workshops.factories import WorkshopFactory
    from workshops.services import parse_import

    preview = parse_import([["Art", "Titel", "Stadtteile/Bezirke"], ["dringend", "Wege", "Ledeburg/Nordhafen"]],
                           workshop=WorkshopFactory())
    assert preview.ok
    assert [area.name for area in preview.rows[0].areas] == ["Ledeburg", "Nordhafen"]
