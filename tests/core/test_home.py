"""The start page shows what the platform holds, as far as the visitor may see it."""

import pytest
from django.urls import reverse

from actionplan.models import Measure
from core.models import FieldOfAction

pytestmark = pytest.mark.django_db


def _measure(reference, state, title):
    return Measure.objects.create(
        reference=reference, title=title, summary="Kurz", publication_state=state,
        field_of_action=FieldOfAction.objects.first(),
    )


def test_public_sees_counts_and_latest_measures_but_no_drafts(client):
    _measure("M-2026-001", Measure.Publication.CONSULTATION, "Sozialberatung im Stadtteiltreff")
    _measure("M-2026-002", Measure.Publication.DRAFT, "Geheimer Entwurf")
    page = client.get(reverse("home")).content.decode()
    assert "Sozialberatung im Stadtteiltreff" in page
    assert "Geheimer Entwurf" not in page
    assert '<span class="stat">1</span> Maßnahme' in page


def test_planner_sees_drafts_on_the_start_page(client, planner):
    _measure("M-2026-002", Measure.Publication.DRAFT, "Entwurf Mobilitätsticket")
    client.force_login(planner)
    page = client.get(reverse("home")).content.decode()
    assert "Entwurf Mobilitätsticket" in page


def test_page_frame_has_skip_link_navigation_and_legal_pages(client):
    page = client.get(reverse("home")).content.decode()
    assert 'href="#inhalt"' in page and 'id="inhalt"' in page
    assert "Aktionsplan gegen Armut" in page and "Landeshauptstadt Hannover" in page
    for label in ("Workshops", "Aktionsplan", "Statistik", "Berichte", "Impressum", "Datenschutz", "Barrierefreiheit"):
        assert label in page
    for slug, title in (("impressum", "Impressum"), ("datenschutz", "Datenschutz"),
                        ("barrierefreiheit", "Erklärung zur Barrierefreiheit")):
        legal = client.get(reverse("site_page", args=[slug]))
        assert legal.status_code == 200
        assert f"<h1>{title}</h1>" in legal.content.decode()


def test_nothing_loads_from_another_host(client):
    page = client.get(reverse("home")).content.decode()
    assert "https://" not in page.split("<body", 1)[0]
    assert 'src="http' not in page and "href=\"http" not in page.split("<main", 1)[0]


def test_health_endpoint_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_an_expired_form_explains_in_german_how_to_keep_the_text(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("core:profile"), {"display_name": "Anna"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Das Formular ist abgelaufen" in page
    assert 'name="display_name" value="Anna"' in page
    assert "Forbidden" not in page


@pytest.mark.parametrize("role", ["anonymous", "planner"])
def test_start_page_reads_as_many_rows_for_many_measures_as_for_few(client, planner, role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as context:
            page = client.get(reverse("home")).content.decode()
        return len(context.captured_queries), page

    if role == "planner":
        client.force_login(planner)
    _measure("M-2026-001", Measure.Publication.CONSULTATION, "Erste Maßnahme")
    few, _ = queries()
    for number in range(2, 12):
        _measure(f"M-2026-{number:03}", Measure.Publication.ADOPTED, f"Maßnahme {number}")
    _measure("M-2026-099", Measure.Publication.DRAFT, "Entwurf")
    many, page = queries()
    assert many == few
    shown = 12 if role == "planner" else 11
    assert f'<span class="stat">{shown}</span> Maßnahmen' in page
    assert "(1 in Beteiligung, 10 beschlossen)" in page
