"""A new association member asks to join, the Koordinationsstelle confirms, the member comments."""

import pytest
from django.core import mail

from core.permissions import COORDINATION_GROUP
from tests.actionplan.factories import make_measure, open_period
from tests.conftest import log_in
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_confirm_by_coordination_then_comment(browser, live_server, page, plain_user, planner):
    OrganisationFactory(name="Caritasverband Hannover e. V.")
    coordination = UserFactory(display_name="Klara Koordination", roles=[COORDINATION_GROUP])
    open_period()
    measure = make_measure(by=planner, title="Familienzentrum im Sahlkamp")

    log_in(page, plain_user)
    page.goto(measure.get_absolute_url())
    assert page.get_by_label("Ihr Kommentar").count() == 0
    page.goto("/konto/profil/")
    page.get_by_role("combobox", name="Organisation").select_option(label="Caritasverband Hannover e. V.")
    page.get_by_role("button", name="Mitgliedschaft anfragen").click()
    page.get_by_text("wartet auf Bestätigung").wait_for()
    assert any(coordination.email in message.to for message in mail.outbox)

    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", base_url=live_server.url)
    try:
        staff = context.new_page()
        log_in(staff, coordination)
        staff.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Mitgliedschaften").click()
        staff.get_by_role("heading", name="Offene Anfragen (1)").wait_for()
        staff.get_by_role("button", name="Paula Privat für Caritasverband Hannover e. V. bestätigen").click()
        staff.get_by_text("ist jetzt bestätigtes Mitglied").wait_for()
        assert staff.get_by_role("heading", name="Offene Anfragen (0)").is_visible()
        assert "bestätigt" in staff.locator("section", has_text="Protokoll").inner_text()
    finally:
        context.close()
    assert any(message.to == [plain_user.email] and "bestätigt" in message.subject for message in mail.outbox)

    page.goto(measure.get_absolute_url())
    page.get_by_label("Zustimmung").check()
    page.get_by_label("Ihr Kommentar").fill("Wir bringen unsere Familienberatung ein.")
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    page.get_by_text("Ihr Kommentar ist veröffentlicht.").wait_for()
    assert "Caritasverband Hannover e. V." in page.locator(".comment").first.inner_text()
