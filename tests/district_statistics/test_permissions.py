"""Every role × every statistics view: the public reads published figures, Planung and Dezernat import and edit."""

import pytest
from django.urls import reverse

from tests.district_statistics.factories import IndicatorFactory, ValueFactory

pytestmark = pytest.mark.django_db

ROLES = ["dezernat", "planung", "mitglied", "unbestaetigt", "angemeldet", "oeffentlich"]
PLANNERS = {"dezernat", "planung"}


@pytest.fixture
def indicators():
    published = IndicatorFactory(key="veroeffentlicht", name="Veröffentlichter Indikator")
    draft = IndicatorFactory(key="entwurf", name="Entwurfsindikator", is_published=False)
    ValueFactory(indicator=published)
    ValueFactory(indicator=draft)
    return published, draft


def _client_for(client, users_by_role, role):
    user = users_by_role[role]
    if user.is_authenticated:
        client.force_login(user)
    return client


READ_URLS = {
    "index": lambda: reverse("statistics:index"),
    "indicator": lambda: reverse("statistics:indicator_detail", args=["veroeffentlicht"]),
    "area": lambda: reverse("statistics:area_detail", args=["stadtteil-sahlkamp"]),
    "export_form": lambda: reverse("statistics:export"),
    "export_csv": lambda: reverse("statistics:export") + "?format=csv",
    "published_figures": lambda: reverse("statistics:published_figures"),
}
WRITE_URLS = {
    "import_upload": lambda: reverse("statistics:import_upload"),
    "import_logs": lambda: reverse("statistics:import_logs"),
    "indicator_create": lambda: reverse("statistics:indicator_create"),
    "indicator_edit": lambda: reverse("statistics:indicator_edit", args=["veroeffentlicht"]),
}


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_published_statistics(client, users_by_role, indicators, role):
    client = _client_for(client, users_by_role, role)
    for page, url in READ_URLS.items():
        assert client.get(url()).status_code == 200, page


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_indicator_is_visible_to_planners_only(client, users_by_role, indicators, role):
    client = _client_for(client, users_by_role, role)
    response = client.get(reverse("statistics:indicator_detail", args=["entwurf"]))
    assert response.status_code == (200 if role in PLANNERS else 404)
    index = client.get(reverse("statistics:index")).content.decode()
    assert ("Entwurfsindikator" in index) == (role in PLANNERS)
    area = client.get(reverse("statistics:area_detail", args=["gesamtstadt"])).content.decode()
    assert ("Entwurfsindikator" in area) == (role in PLANNERS)


@pytest.mark.parametrize("role", ROLES)
def test_only_planners_import_and_edit(client, users_by_role, indicators, role):
    client = _client_for(client, users_by_role, role)
    for page, url in WRITE_URLS.items():
        response = client.get(url())
        if role == "oeffentlich":
            assert response.status_code == 302 and "/konto/login/" in response["Location"], page
        elif role in PLANNERS:
            assert response.status_code == 200, page
        else:
            assert response.status_code == 403, page


@pytest.mark.parametrize("role", ROLES)
def test_only_planners_may_post_an_import(client, users_by_role, indicators, role):
    from tests.district_statistics.conftest import csv_upload

    client = _client_for(client, users_by_role, role)
    response = client.post(reverse("statistics:import_upload"), {
        "file": csv_upload("Gebiet;Indikator;Jahr;Wert\nSahlkamp;veroeffentlicht;2024;1\n"), "file_format": "long"})
    if role == "oeffentlich":
        # A signed-out upload is not silently dropped for a login page: a note says to sign in.
        assert response.status_code == 403 and response["X-Not-Saved"] == "session"
    elif role in PLANNERS:
        assert response.status_code == 302 and "/statistik/import/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_only_planners_may_change_an_indicator(client, users_by_role, indicators, role):
    client = _client_for(client, users_by_role, role)
    data = {"key": "veroeffentlicht", "name": "Neuer Name", "unit": "prozent", "decimals": 1, "position": 0,
            "is_published": "on", "higher_is_worse": "on"}
    response = client.post(reverse("statistics:indicator_edit", args=["veroeffentlicht"]), data)
    indicators[0].refresh_from_db()
    assert (indicators[0].name == "Neuer Name") == (role in PLANNERS)
    if role not in PLANNERS:
        assert response.status_code == 403
        # Signed out, the typed values come back with a note to sign in again.
        assert (response.get("X-Not-Saved") == "session") == (role == "oeffentlich")


def test_rules_state_the_permissions(planner, member, anonymous, indicators):
    published, draft = indicators
    assert anonymous.has_perm("statistics.view_indicator", published)
    assert not anonymous.has_perm("statistics.view_indicator", draft)
    assert planner.has_perm("statistics.view_indicator", draft)
    assert planner.has_perm("statistics.import_values") and planner.has_perm("statistics.change_indicator")
    assert not member.has_perm("statistics.import_values")
    assert not member.has_perm("statistics.change_indicator")
