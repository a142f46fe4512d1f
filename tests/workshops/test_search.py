"""The search of workshop results finds German plural and inflected forms, on PostgreSQL and on SQLite.

The suite runs on PostgreSQL; `test_the_same_search_tests_pass_on_sqlite` runs this very module a
second time in a subprocess against SQLite, the database `make run` uses without settings."""

import io

import pytest
from django.db import connection
from django.urls import reverse

from hannover_teilhabe.tabular import read_table
from tests.sqlite_rerun import rerun_on_sqlite
from tests.workshops.factories import OutcomeFactory
from workshops import services

pytestmark = pytest.mark.django_db

TITLES = ("Bildungsberatung in Familienzentren", "Lernförderung unbürokratisch bewilligen",
          "Energieschulden und drohende Stromsperren", "Kampagne zum Kinderzuschlag",
          "Mehr Kita-Plätze im Sahlkamp")


@pytest.fixture
def results(workshop, planner):
    OutcomeFactory(workshop=workshop, title=TITLES[0], description="Beratung dort, wo Familien ohnehin sind.")
    OutcomeFactory(workshop=workshop, title=TITLES[1], description="Schulen bestätigen den Förderbedarf.")
    OutcomeFactory(workshop=workshop, title=TITLES[2], description="")
    # Imported rows are written without save(): they must be found the same way.
    upload = io.BytesIO("Art;Titel\nVerbesserungsbedarf;Kampagne zum Kinderzuschlag\n"
                        "dringend;Mehr Kita-Plätze im Sahlkamp\n".encode())
    upload.name = "ergebnisse.csv"
    services.outcome_import(workshop=workshop, by=planner, rows=read_table(upload))


def found(client, query):
    body = client.get(reverse("workshops:outcome_list"), {"q": query}).content.decode()
    return {title for title in TITLES if title in body}


@pytest.mark.parametrize(("query", "expected"), [
    ("Familienzentren", {TITLES[0]}),
    ("Lernförderungen", {TITLES[1]}),
    ("lernförderung", {TITLES[1]}),
    ("Kampagnen", {TITLES[3]}),
    ("Stromsperre", {TITLES[2]}),
    ("Sperren", {TITLES[2]}),  # part of a compound word, as before
    ("Förderbedarfs Schulen", {TITLES[1]}),
    ("Kita-Platz", {TITLES[4]}),
    ("Kampagnen Stromsperren", set()),
])
def test_search_finds_inflected_forms(client, results, query, expected):
    assert found(client, query) == expected


def test_search_follows_an_edited_title(client, planner, results):
    from workshops.models import Outcome

    outcome = Outcome.objects.get(title=TITLES[2])
    services.outcome_update(outcome=outcome, by=planner, based_on=services.version_token(outcome),
                            title="Härtefallfonds gegen Gassperren")
    assert "Härtefallfonds gegen Gassperren" in client.get(
        reverse("workshops:outcome_list"), {"q": "Härtefallfonds"}).content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="läuft nur im PostgreSQL-Lauf, startet SQLite selbst")
def test_the_same_search_tests_pass_on_sqlite(tmp_path):
    rerun_on_sqlite(__file__, tmp_path, deselect="not on_sqlite")
