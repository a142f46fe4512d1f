"""Every role against every view: planners write, organisation members and the public read."""

import pytest
from django.urls import reverse

from tests.workshops.factories import OutcomeFactory
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
    for url in [
        reverse("workshops:index"),
        event.get_absolute_url(),
        workshop.get_absolute_url(),
        reverse("workshops:outcome_list"),
        outcome.get_absolute_url(),
        reverse("workshops:outcome_export_csv"),
        reverse("workshops:outcome_export_xlsx"),
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ROLES)
def test_internal_event_is_hidden_from_the_public_only(client, users_by_role, role, internal_event,
                                                       internal_workshop, internal_outcome):
    client = client_for(client, users_by_role, role)
    expected = 404 if role == "oeffentlich" else 200
    for url in [internal_event.get_absolute_url(), internal_workshop.get_absolute_url(),
                internal_outcome.get_absolute_url()]:
        assert client.get(url).status_code == expected, url
    listing = client.get(reverse("workshops:outcome_list")).content.decode()
    index = client.get(reverse("workshops:index")).content.decode()
    export = client.get(reverse("workshops:outcome_export_csv")).content.decode("utf-8-sig")
    visible = role != "oeffentlich"
    assert ("Internes Thema" in listing) is visible
    assert ("Interne Nachbesprechung" in index) is visible
    assert ("Internes Thema" in export) is visible


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
          f"ergebnis-{outcome.pk}-weight": "1"}),
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
            assert response.status_code == 302, (method, url)
            assert response["Location"].startswith(reverse("account_login")), url
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


def test_rules_declare_the_workshop_permissions(planner, member, anonymous, event, internal_event):
    assert planner.has_perm("workshops.change_outcomes")
    assert planner.has_perm("workshops.import_outcomes")
    assert not member.has_perm("workshops.change_outcomes")
    assert member.has_perm("workshops.view_event", internal_event)
    assert anonymous.has_perm("workshops.view_event", event)
    assert not anonymous.has_perm("workshops.view_event", internal_event)
