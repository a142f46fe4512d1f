"""Hannover's areas and the default fields of action and target groups."""

import csv

import pytest

from core.masterdata import DISTRICTS_CSV
from core.models import Area, FieldOfAction, TargetGroup

pytestmark = pytest.mark.django_db


def test_hannover_has_13_stadtbezirke_and_51_stadtteile_under_one_city():
    assert Area.objects.filter(kind=Area.Kind.CITY).count() == 1
    assert Area.objects.filter(kind=Area.Kind.DISTRICT).count() == 13
    assert Area.objects.filter(kind=Area.Kind.QUARTER).count() == 51
    city = Area.objects.get(kind=Area.Kind.CITY)
    assert set(Area.objects.filter(kind=Area.Kind.DISTRICT).values_list("parent", flat=True)) == {city.pk}


def test_every_stadtteil_lies_in_its_official_stadtbezirk():
    with DISTRICTS_CSV.open(encoding="utf-8") as fh:
        expected = {(row["stadtteil_name"], row["bezirk_name"]) for row in csv.DictReader(fh)}
    actual = set(
        Area.objects.filter(kind=Area.Kind.QUARTER).values_list("name", "parent__name")
    )
    assert actual == expected
    sahlkamp = Area.objects.get(kind=Area.Kind.QUARTER, name="Sahlkamp")
    assert (sahlkamp.number, sahlkamp.parent.name, sahlkamp.key) == (21, "Bothfeld-Vahrenheide", "stadtteil-21")


def test_official_numbering_skips_23_and_46():
    numbers = set(Area.objects.filter(kind=Area.Kind.QUARTER).values_list("number", flat=True))
    assert numbers == set(range(1, 54)) - {23, 46}


def test_fields_of_action_and_target_groups_have_german_defaults():
    assert "Existenzsicherung und Zugang zu Leistungen" in FieldOfAction.objects.values_list("name", flat=True)
    assert FieldOfAction.objects.filter(is_active=True).count() >= 10
    groups = set(TargetGroup.objects.values_list("name", flat=True))
    assert {"Alleinerziehende", "Wohnungslose", "Geflüchtete"} <= groups


def test_source_note_travels_with_the_data():
    readme = (DISTRICTS_CSV.parent / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme


def test_addresses_of_areas_spell_umlauts_out():
    assert Area.objects.get(kind=Area.Kind.QUARTER, name="Groß-Buchholz").slug == "stadtteil-gross-buchholz"
    assert Area.objects.get(kind=Area.Kind.QUARTER, name="Döhren").slug == "stadtteil-doehren"
    assert Area.objects.get(kind=Area.Kind.DISTRICT, name="Döhren-Wülfel").slug == "stadtbezirk-doehren-wuelfel"
