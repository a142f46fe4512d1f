"""A person opens the platform in a real browser, logs in as the demo planner and out again."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_demo_planner_logs_in_sees_navigation_and_name_then_logs_out(page):
    call_command("seed_demo", stdout=StringIO())
    page.goto("/")
    assert page.title().endswith("Aktionsplan gegen Armut – Landeshauptstadt Hannover")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    for label in ("Workshops", "Aktionsplan", "Statistik", "Berichte"):
        assert nav.get_by_role("link", name=label).is_visible()

    page.get_by_role("link", name="Anmelden").click()
    page.get_by_label("E-Mail-Adresse").fill("planung@demo.hannover-teilhabe.de")
    page.get_by_label("Passwort").fill("Demo-Teilhabe-2026")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_selector("[data-testid=user-name]")
    assert page.get_by_test_id("user-name").inner_text() == "Paul Planung (Demo)"
    assert "Planung" in page.locator(".site-account").inner_text()

    page.get_by_role("button", name="Abmelden").click()
    page.get_by_role("link", name="Anmelden").wait_for()
    assert page.get_by_test_id("user-name").count() == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_wrong_password_in_the_browser_keeps_the_address_and_says_why(page):
    call_command("seed_demo", stdout=StringIO())
    page.goto("/konto/login/")
    page.get_by_label("E-Mail-Adresse").fill("planung@demo.hannover-teilhabe.de")
    page.get_by_label("Passwort").fill("falsch")
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_role("alert").inner_text().startswith("Die E-Mail-Adresse und/oder das Passwort")
    assert page.get_by_label("E-Mail-Adresse").input_value() == "planung@demo.hannover-teilhabe.de"
