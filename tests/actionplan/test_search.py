"""Search finds German plural and inflected forms, on PostgreSQL and on the embedded SQLite default.

The suite runs on PostgreSQL; `test_the_same_search_tests_pass_on_sqlite` runs this very module a
second time in a subprocess against SQLite, the database `make run` uses without settings."""


import pytest
from django.db import connection
from django.urls import reverse

from actionplan import services
from tests.actionplan.factories import make_measure
from tests.sqlite_rerun import rerun_on_sqlite

pytestmark = pytest.mark.django_db



@pytest.fixture
def plan(planner, period):
    return {
        "kampagne": make_measure(by=planner, title="Kampagne Kinderzuschlag: Jede Familie kennt ihren Anspruch",
                                 summary="Plakate und Beratung in Kitas."),
        "lernen": make_measure(by=planner, title="Lernförderung ohne Antragshürden",
                               summary="Schulen bestätigen den Förderbedarf direkt."),
        "zentrum": make_measure(by=planner, title="Neues Familienzentrum in Vahrenheide",
                                summary="Beratung und Treffpunkt unter einem Dach."),
        "ticket": make_measure(by=planner, title="Sozialticket", summary="Günstiger Bus und Bahn fahren"),
    }


def found(client, query):
    body = client.get(reverse("actionplan:index"), {"q": query}).content.decode()
    return {title for title in (
        "Kampagne Kinderzuschlag", "Lernförderung ohne Antragshürden", "Neues Familienzentrum", "Sozialticket",
    ) if title in body}


@pytest.mark.parametrize(("query", "expected"), [
    ("Kampagnen", {"Kampagne Kinderzuschlag"}),
    ("Lernförderungen", {"Lernförderung ohne Antragshürden"}),
    ("Familienzentren", {"Neues Familienzentrum"}),
    ("familienzentrum", {"Neues Familienzentrum"}),
    ("günstigen Bahn", {"Sozialticket"}),
    ("Förderbedarfs", {"Lernförderung ohne Antragshürden"}),
    ("Kampagnen Bahn", set()),
    ("Stromsperren", set()),
])
def test_search_finds_inflected_forms(client, plan, query, expected):
    assert found(client, query) == expected


def test_search_follows_an_edited_title(client, planner, plan):
    measure = plan["ticket"]
    data = services.MeasureInput(
        fields={"title": "Mobilitätskarte", "summary": measure.summary, "description": "",
                "field_of_action": measure.field_of_action, "citywide": True, "status": measure.status,
                "publication_state": measure.publication_state},
        m2m={"areas": [], "outcomes": []},
    )
    services.measure_update(measure=measure, data=data, by=planner, based_on_version=measure.version)
    body = client.get(reverse("actionplan:index"), {"q": "Mobilitätskarten"}).content.decode()
    assert "Mobilitätskarte" in body


def test_a_reference_typed_in_small_letters_finds_its_measure(client, plan):
    reference = plan["lernen"].reference
    assert found(client, reference.lower()) == {"Lernförderung ohne Antragshürden"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="der GIN-Index gibt es nur auf PostgreSQL")
def test_the_search_is_answered_from_its_index_not_by_reading_every_measure(plan):
    from actionplan.models import Measure
    from actionplan.selectors import search_measures

    with connection.cursor() as cursor:
        # Four measures are read fastest without an index; forbid that to see which one it can use.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan_text = search_measures(Measure.objects.all(), "Familienzentren").explain()
    assert "measure_search_vector" in plan_text
    assert "Index Scan on actionplan_measure_reference" in plan_text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="läuft nur im PostgreSQL-Lauf, startet SQLite selbst")
def test_the_same_search_tests_pass_on_sqlite(tmp_path):
    rerun_on_sqlite(__file__, tmp_path, deselect="not on_sqlite and not from_its_index")
