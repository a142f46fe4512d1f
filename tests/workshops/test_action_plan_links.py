"""The action plan's additions to the workshop pages (registered through workshops.extensions).

Whatever names a measure only counts for people who may see that measure: drafts stay with the
planners, also in the "not taken up" filter and the counts.
"""

import csv
import io

import pytest
from django.urls import reverse

from actionplan.models import Measure
from core.hooks import Hook
from tests.workshops.factories import OutcomeFactory
from workshops import extensions

DRAFT, CONSULTATION, ADOPTED = (Measure.Publication.DRAFT, Measure.Publication.CONSULTATION,
                                Measure.Publication.ADOPTED)


def measure(reference, title, field_of_action, *, outcomes, publication=CONSULTATION, status=Measure.Status.IDEA):
    created = Measure.objects.create(reference=reference, title=title, summary="…", field_of_action=field_of_action,
                                     publication_state=publication, status=status)
    created.outcomes.add(*outcomes)
    return created


def titles(response):
    return {row.split("</a>")[0].rsplit(">", 1)[-1] for row in response.content.decode().split('<th scope="row">')[1:]}


def test_outcome_page_lists_only_the_measures_the_user_may_see(client, planner, catalogue, housing,
                                                               django_assert_max_num_queries):
    outcome = catalogue["a"]
    measure("M-2026-010", "Härtefallfonds Energie", housing, outcomes=[outcome], status=Measure.Status.PLANNING)
    measure("M-2026-011", "Geheimer Entwurf", housing, outcomes=[outcome], publication=DRAFT)
    measure("M-2026-012", "Energieberatung", housing, outcomes=[outcome], publication=ADOPTED)
    page = client.get(outcome.get_absolute_url()).content.decode()
    assert "Maßnahmen, die dieses Ergebnis aufgreifen" in page
    assert 'href="/aktionsplan/M-2026-010/"' in page
    assert "M-2026-010 Härtefallfonds Energie" in page and "M-2026-012 Energieberatung" in page
    assert "in Planung" in page
    assert "M-2026-011" not in page and "Geheimer Entwurf" not in page

    client.force_login(planner)
    page = client.get(outcome.get_absolute_url()).content.decode()
    assert "M-2026-011 Geheimer Entwurf" in page
    with django_assert_max_num_queries(60) as few:
        client.get(outcome.get_absolute_url())
    for number in range(13, 23):
        measure(f"M-2026-{number:03d}", "Weitere", housing, outcomes=[outcome])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(outcome.get_absolute_url()).content.decode()
    assert page.count("Weitere</a>") == 10


def test_outcome_page_says_when_no_measure_takes_it_up(client, catalogue, housing):
    measure("M-2026-001", "Nur ein Entwurf", housing, outcomes=[catalogue["b"]], publication=DRAFT)
    page = client.get(catalogue["b"].get_absolute_url()).content.decode()
    assert "Bisher greift keine Maßnahme dieses Ergebnis auf." in page
    assert "Nur ein Entwurf" not in page


@pytest.mark.parametrize("role", ["planung", "dezernat", "mitglied", "angemeldet", "oeffentlich"])
def test_only_planners_may_turn_a_problem_into_a_measure_from_the_outcome_page(client, users_by_role, role,
                                                                              workshop):
    problem = OutcomeFactory(id=12345, workshop=workshop, kind="dringend", title="Stromsperren")
    success = OutcomeFactory(workshop=workshop, kind="erfolgreich", title="Stadtteiltreff")
    if users_by_role[role].is_authenticated:
        client.force_login(users_by_role[role])
    page = client.get(problem.get_absolute_url()).content.decode()
    may_create = role in {"planung", "dezernat"}
    # The id stays unformatted (not 12.345), or the form would not be prefilled.
    assert (f'href="{reverse("actionplan:measure_create")}?outcome=12345"' in page) is may_create
    assert ("In Maßnahme überführen" in page) is may_create
    # What already works needs no measure.
    assert "In Maßnahme überführen" not in client.get(success.get_absolute_url()).content.decode()


def test_not_taken_up_filter_counts_only_measures_the_user_may_see(client, planner, catalogue, housing):
    measure("M-2026-001", "Härtefallfonds Energie", housing, outcomes=[catalogue["a"]])
    measure("M-2026-002", "Energieberatung", housing, outcomes=[catalogue["a"]], publication=ADOPTED)
    # Taken up only by a draft: for the public still open, and the draft stays unknown.
    measure("M-2026-003", "Räumungsschutz (Entwurf)", housing, outcomes=[catalogue["b"]], publication=DRAFT)
    url = reverse("workshops:outcome_list")
    assert titles(client.get(url, {"not_taken_up": "true"})) == {"Zwangsräumungen", "Stadtteiltreff", "Kinderarmut"}
    assert titles(client.get(url, {"not_taken_up": "false"})) == {"Energieschulden"}
    assert titles(client.get(url, {"not_taken_up": "true", "kind": "dringend"})) == {"Zwangsräumungen", "Kinderarmut"}
    export = client.get(reverse("workshops:outcome_export_csv"), {"not_taken_up": "false"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[4] for row in rows[1:]] == ["Energieschulden"]

    client.force_login(planner)
    assert titles(client.get(url, {"not_taken_up": "true"})) == {"Stadtteiltreff", "Kinderarmut"}
    assert titles(client.get(url, {"not_taken_up": "false"})) == {"Energieschulden", "Zwangsräumungen"}


def test_not_taken_up_filter_is_offered_in_german(client, catalogue):
    page = client.get(reverse("workshops:outcome_list")).content.decode()
    assert "nicht von einer Maßnahme aufgegriffen" in page
    assert "ja, noch offen" in page and "nein, schon aufgegriffen" in page


def test_only_planners_see_how_many_measures_take_an_outcome_up(client, planner, member, catalogue, housing):
    measure("M-2026-001", "Entwurf", housing, outcomes=[catalogue["a"]], publication=DRAFT)
    measure("M-2026-002", "Beschlossen", housing, outcomes=[catalogue["a"]], publication=ADOPTED)
    url = reverse("workshops:outcome_list")
    assert '<th scope="col" class="num">Maßnahmen</th>' not in client.get(url).content.decode()
    client.force_login(member)
    assert '<th scope="col" class="num">Maßnahmen</th>' not in client.get(url).content.decode()
    client.force_login(planner)
    page = client.get(url, {"q": "Energieschulden"}).content.decode()
    assert '<th scope="col" class="num">Maßnahmen</th>' in page
    assert '<td class="num">2</td>' in page


def test_workshop_pages_work_without_the_action_plan(client, planner, catalogue, monkeypatch):
    # The workshops app stands alone: with nothing registered, no measure appears anywhere.
    for name in ("outcome_panels", "outcome_filters", "outcome_columns"):
        monkeypatch.setattr(extensions, name, Hook(f"workshops.{name}"))
    client.force_login(planner)
    detail = client.get(catalogue["a"].get_absolute_url()).content.decode()
    listing = client.get(reverse("workshops:outcome_list")).content.decode()
    assert "<h1>Energieschulden" in detail
    assert "Maßnahme" not in detail
    assert "Energieschulden" in listing and "Maßnahme" not in listing
