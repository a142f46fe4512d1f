"""In Chromium: signed out in another tab while typing on the board; nothing typed is lost."""

import pytest
from playwright.sync_api import expect

from tests.conftest import log_in
from tests.factories import PlannerFactory
from tests.workshops.factories import EventFactory, WorkshopFactory
from workshops.models import Outcome

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_entry_survives_signing_out_in_another_tab_and_goes_through_after_signing_in(page):
    planner = PlannerFactory(display_name="Petra Planung")
    workshop = WorkshopFactory(event=EventFactory(is_public=True), number=1, title="Wohnen und Quartier")
    log_in(page, planner)
    page.goto(workshop.get_absolute_url())
    form = page.locator("#neu-dringend")
    form.get_by_label("Titel").fill("Mietschulden in Vahrenheide")

    other = page.context.new_page()
    other.goto("/")
    other.get_by_role("button", name="Abmelden").click()

    form.get_by_role("button", name="Hinzufügen").click()
    notice = page.locator("#systemhinweis")
    expect(notice).to_contain_text("Bitte erneut anmelden.")
    # The column was not replaced by a login page; the title is still in its field.
    expect(page.locator("main")).to_have_count(1)
    expect(form.get_by_label("Titel")).to_have_value("Mietschulden in Vahrenheide")
    assert not Outcome.objects.exists()

    log_in(other, planner)
    form.get_by_role("button", name="Hinzufügen").click()
    expect(page.get_by_test_id("spalte-dringend").get_by_role("heading", name="Mietschulden in Vahrenheide")
           ).to_be_visible()
    assert Outcome.objects.get().title == "Mietschulden in Vahrenheide"
