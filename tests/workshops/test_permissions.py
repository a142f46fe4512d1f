"""Every role against every view: planners write; the public reads public events, confirmed members internal ones."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.workshops.factories import OutcomeFactory
from workshops import services
from workshops.models import Event, Outcome, Workshop

ROLES = ["dezernat", "planung", "mitglied", "unbestaetigt", "angemeldet", "oeffentlich"]
WRITERS = {"dezernat", "planung"}


def client_for(client, users_by_role, role):
    user = users_by_role[role]
    if user.is_authenticated:
        client.force_login(user)
    return client


@pytest.fixture
def outcome(workshop, planner):
    return OutcomeFactory(workshop=workshop, kind=Outcome.Kind.URGENT, title="Energieschulden")


@pytest.fixture
def internal_outcome(internal_workshop):
    return OutcomeFactory(workshop=internal_workshop, kind=Outcome.Kind.URGENT, title="Internes Thema")


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_a_public_event(client, users_by_role, role, event, workshop, outcome):
    client = client_for(client, users_by_role, role)
    index = client.get(reverse("workshops:index")).content.decode()
    assert "Fachtag „Armut und Teilhabe“" in index
    event_page = client.get(event.get_absolute_url()).content.decode()
    assert "Fachtag „Armut und Teilhabe“" in event_page and "Wohnen und Quartier" in event_page
    board = client.get(workshop.get_absolute_url()).content.decode()
    assert "Wohnen und Quartier" in board and "Energieschulden" in board
    assert "Energieschulden" in client.get(reverse("workshops:outcome_list")).content.decode()
    detail = client.get(outcome.get_absolute_url()).content.decode()
    assert "<h1>Energieschulden" in detail and "Wohnen und Quartier" in detail
    assert "Energieschulden" in client.get(reverse("workshops:outcome_export_csv")).content.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(client.get(reverse("workshops:outcome_export_xlsx")).content)).active
    assert "Energieschulden" in [row[4] for row in sheet.iter_rows(values_only=True)]


# Internal events stay among the people who worked on them; a self-registered account is not enough.
INSIDERS = {"dezernat", "planung", "mitglied"}


@pytest.mark.parametrize("role", ROLES)
def test_internal_event_is_shown_only_to_confirmed_members_and_planners(client, users_by_role, role, internal_event,
                                                                        internal_workshop, internal_outcome):
    client = client_for(client, users_by_role, role)
    visible = role in INSIDERS
    for url in [internal_event.get_absolute_url(), internal_workshop.get_absolute_url(),
                internal_outcome.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == (200 if visible else 404), url
        assert ("Interne" in response.content.decode()) is visible, url
    listing = client.get(reverse("workshops:outcome_list")).content.decode()
    index = client.get(reverse("workshops:index")).content.decode()
    export = client.get(reverse("workshops:outcome_export_csv")).content.decode("utf-8-sig")
    assert ("Internes Thema" in listing) is visible
    assert ("Interne Nachbesprechung" in index) is visible
    assert ("Internes Thema" in export) is visible
    # Not even as a choice in the list's filters.
    assert ("Interne Nachbesprechung" in listing) is visible


@pytest.mark.parametrize("role", ROLES)
def test_only_planners_read_who_changed_an_outcome(client, users_by_role, role, workshop, planner):
    outcome = services.outcome_create(workshop=workshop, by=planner, kind="dringend", title="Mietschulden")
    services.outcome_update(outcome=outcome, by=planner, based_on=services.version_token(outcome),
                            title="Mietschulden und Räumungen")
    client = client_for(client, users_by_role, role)
    page = client.get(outcome.get_absolute_url()).content.decode()
    assert "Mietschulden und Räumungen" in page
    is_planner = role in WRITERS
    assert ("Änderungsverlauf" in page) is is_planner
    assert ("<del>Mietschulden</del>" in page) is is_planner
    assert ("Petra Planung" in page) is is_planner
    assert planner.email not in page


@pytest.mark.parametrize("role", ROLES)
def test_board_shows_edit_controls_only_to_planners(client, users_by_role, role, workshop, outcome):
    client = client_for(client, users_by_role, role)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Energieschulden" in page
    can_write = role in WRITERS
    assert ("Neues Ergebnis: dringendes Problem" in page) is can_write
    assert (reverse("workshops:outcome_edit", args=[outcome.pk]) in page) is can_write
    assert (reverse("workshops:outcome_delete", args=[outcome.pk]) in page) is can_write
    assert (reverse("workshops:outcome_import", args=[workshop.pk]) in page) is can_write


def _write_requests(workshop, outcome, event):
    return [
        ("post", reverse("workshops:outcome_add", args=[workshop.pk]),
         {"neu-dringend-kind": "dringend", "neu-dringend-title": "Neu", "neu-dringend-weight": "0"}),
        ("get", reverse("workshops:outcome_edit", args=[outcome.pk]), None),
        ("post", reverse("workshops:outcome_edit", args=[outcome.pk]),
         {f"ergebnis-{outcome.pk}-kind": "dringend", f"ergebnis-{outcome.pk}-title": "Geändert",
          f"ergebnis-{outcome.pk}-weight": "1",
          f"ergebnis-{outcome.pk}-based_on": services.version_token(outcome)}),
        ("get", reverse("workshops:outcome_delete", args=[outcome.pk]), None),
        ("get", reverse("workshops:outcome_import", args=[workshop.pk]), None),
        ("post", reverse("workshops:outcome_import", args=[workshop.pk]), {"bestaetigen": "1"}),
        ("get", reverse("workshops:import_template"), None),
        ("get", reverse("workshops:event_create"), None),
        ("get", reverse("workshops:event_edit", args=[event.slug]), None),
        ("post", reverse("workshops:event_create"), {"title": "Zweiter Fachtag", "date": "01.10.2026"}),
        ("get", reverse("workshops:workshop_create", args=[event.slug]), None),
        ("get", reverse("workshops:workshop_edit", args=[workshop.pk]), None),
        ("post", reverse("workshops:workshop_create", args=[event.slug]), {"number": "7", "title": "Neuer Workshop"}),
        ("post", reverse("workshops:outcome_delete", args=[outcome.pk]), {}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_only_planners_write(client, users_by_role, role, event, workshop, outcome):
    client = client_for(client, users_by_role, role)
    for method, url, data in _write_requests(workshop, outcome, event):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        if role in WRITERS:
            assert response.status_code in (200, 302), (method, url, response.status_code)
        elif role == "oeffentlich":
            # Sent with typed text, it comes back with a note to sign in instead of being lost.
            assert response.get("X-Not-Saved") == "session" or (
                response.status_code == 302 and response["Location"].startswith(reverse("account_login"))), url
        else:
            assert response.status_code == 403, (method, url, response.status_code)
    if role in WRITERS:
        assert Outcome.objects.filter(title="Neu").exists()
        assert not Outcome.objects.filter(pk=outcome.pk).exists()
        assert Workshop.objects.filter(number=7, event=event).exists()
        assert Event.objects.filter(title="Zweiter Fachtag").exists()
    else:
        # Nothing changed for anyone who may only read.
        assert list(Outcome.objects.values_list("title", flat=True)) == ["Energieschulden"]
        assert not Workshop.objects.filter(number=7).exists()
        assert not Event.objects.filter(title="Zweiter Fachtag").exists()


def test_rules_declare_the_workshop_permissions(planner, member, plain_user, unconfirmed_member, anonymous, event,
                                               internal_event):
    assert planner.has_perm("workshops.change_outcomes")
    assert planner.has_perm("workshops.import_outcomes")
    assert planner.has_perm("workshops.view_outcome_history")
    assert not member.has_perm("workshops.change_outcomes")
    assert not member.has_perm("workshops.view_outcome_history")
    assert member.has_perm("workshops.view_event", internal_event)
    assert not plain_user.has_perm("workshops.view_event", internal_event)
    assert not unconfirmed_member.has_perm("workshops.view_event", internal_event)
    assert plain_user.has_perm("workshops.view_event", event)
    assert anonymous.has_perm("workshops.view_event", event)
    assert not anonymous.has_perm("workshops.view_event", internal_event)
