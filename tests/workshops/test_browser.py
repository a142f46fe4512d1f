"""What a planner does on the workshop board in a real Chromium, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import log_in
from workshops.models import Outcome

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def column(page, kind):
    return page.get_by_test_id(f"spalte-{kind}")


def add(page, kind, title):
    form = page.locator(f"#neu-{kind}")
    form.get_by_label("Titel").fill(title)
    form.get_by_role("button", name="Hinzufügen").click()
    expect(column(page, kind).get_by_role("heading", name=title)).to_be_visible()
    # Ready for the next card from the same flip chart; waiting for it also lets htmx settle,
    # so the next field typed into keeps its focus.
    expect(page.locator(f"#neu-{kind}").get_by_label("Titel")).to_be_focused()


def test_planner_fills_all_three_columns_edits_and_keeps_typed_text_on_error(page, login, planner, workshop):
    login(page, planner)
    page.goto(workshop.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wohnen und Quartier")

    add(page, "erfolgreich", "Stadtteiltreff Sahlkamp")
    add(page, "verbesserung", "Treffs am Abend öffnen")
    add(page, "dringend", "Energieschulden")
    expect(page.locator("#ws-ansage")).to_have_text("Das Ergebnis „Energieschulden“ wurde hinzugefügt.")

    # Edit in place.
    column(page, "verbesserung").get_by_role("link", name="Bearbeiten: Treffs am Abend öffnen").click()
    editing = page.locator("article.ws-card--editing")
    edit_title = editing.get_by_label("Titel")
    expect(edit_title).to_have_value("Treffs am Abend öffnen")
    edit_title.fill("Treffs auch am Wochenende öffnen")
    editing.get_by_role("button", name="Speichern").click()
    expect(column(page, "verbesserung").get_by_role("heading", name="Treffs auch am Wochenende öffnen")).to_be_visible()

    # A validation error keeps what was typed and says what is wrong next to the field.
    urgent = column(page, "dringend")
    urgent.get_by_label("Beschreibung").fill("Viele Haushalte können die Nachzahlung nicht leisten.")
    urgent.get_by_role("button", name="Hinzufügen").click()
    expect(urgent.get_by_text("Bitte geben Sie einen Titel ein.")).to_be_visible()
    expect(urgent.get_by_label("Beschreibung")).to_have_value("Viele Haushalte können die Nachzahlung nicht leisten.")
    expect(urgent.get_by_label("Titel")).to_have_attribute("aria-invalid", "true")
    expect(urgent.get_by_label("Titel")).to_be_focused()

    page.reload()
    for kind, title in [("erfolgreich", "Stadtteiltreff Sahlkamp"),
                        ("verbesserung", "Treffs auch am Wochenende öffnen"), ("dringend", "Energieschulden")]:
        expect(column(page, kind).get_by_role("heading", name=title)).to_be_visible()
    assert Outcome.objects.count() == 3
    assert Outcome.objects.get(title="Treffs auch am Wochenende öffnen").history.count() == 2


def test_adding_in_a_column_keeps_an_unsaved_edit_in_the_same_column(page, login, planner, workshop):
    Outcome.objects.create(workshop=workshop, kind="dringend", title="Wohngeld dauert")
    login(page, planner)
    page.goto(workshop.get_absolute_url())
    column(page, "dringend").get_by_role("link", name="Bearbeiten: Wohngeld dauert").click()
    editing = page.locator("article.ws-card--editing")
    editing.get_by_label("Beschreibung").fill("Noch nicht gespeicherter Gedanke")
    add(page, "dringend", "Neues Problem")
    expect(editing.get_by_label("Beschreibung")).to_have_value("Noch nicht gespeicherter Gedanke")
    expect(column(page, "dringend").locator(".ws-count")).to_have_text("(2)")


def test_planner_moves_a_card_to_another_column_and_deletes_after_confirming(page, login, planner, workshop):
    outcome = Outcome.objects.create(workshop=workshop, kind="dringend", title="Doppelt erfasst")
    Outcome.objects.create(workshop=workshop, kind="dringend", title="Falsch einsortiert")
    login(page, planner)
    page.goto(workshop.get_absolute_url())
    column(page, "dringend").get_by_role("link", name="Bearbeiten: Falsch einsortiert").click()
    editing = page.locator("article.ws-card--editing")
    editing.get_by_label("Art").select_option("erfolgreich")
    editing.get_by_role("button", name="Speichern").click()
    expect(column(page, "erfolgreich").get_by_role("heading", name="Falsch einsortiert")).to_be_visible()
    expect(page.get_by_text("steht jetzt unter „bereits erfolgreich umgesetzt“")).to_be_visible()

    column(page, "dringend").get_by_role("link", name="Löschen: Doppelt erfasst").click()
    expect(page.get_by_text("wirklich gelöscht werden?")).to_be_visible()
    page.get_by_role("button", name="Ja, löschen").click()
    expect(column(page, "dringend").get_by_text("Das Ergebnis „Doppelt erfasst“ wurde gelöscht.")).to_be_visible()
    expect(page.locator("#ws-ansage")).to_have_text("Das Ergebnis „Doppelt erfasst“ wurde gelöscht.")
    expect(column(page, "dringend").locator(".ws-count")).to_have_text("(0)")
    assert not Outcome.objects.filter(pk=outcome.pk).exists()


def test_organisation_member_sees_the_board_without_edit_controls(page, login, member, workshop):
    Outcome.objects.create(workshop=workshop, kind="erfolgreich", title="Familienzentrum Vahrenheide")
    login(page, member)
    page.goto(workshop.get_absolute_url())
    expect(page.get_by_role("heading", name="Familienzentrum Vahrenheide")).to_be_visible()
    expect(page.get_by_role("heading", name="bereits erfolgreich umgesetzt")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Hinzufügen"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Bearbeiten"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Löschen"))).to_have_count(0)


def test_planner_adds_and_edits_with_the_keyboard_alone(page, login, planner, workshop):
    login(page, planner)
    page.goto(workshop.get_absolute_url())
    target = column(page, "dringend").get_by_label("Titel")
    for _ in range(120):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Das Titelfeld der Spalte „dringendes Problem“ ist per Tabulator nicht erreichbar.")
    page.keyboard.type("Stromsperren verhindern")
    page.keyboard.press("Enter")
    expect(column(page, "dringend").get_by_role("heading", name="Stromsperren verhindern")).to_be_visible()
    # The cursor waits in the fresh form for the next result.
    expect(column(page, "dringend").get_by_label("Titel")).to_be_focused()
    page.keyboard.type("Zweites Ergebnis")
    page.keyboard.press("Enter")
    expect(column(page, "dringend").get_by_role("heading", name="Zweites Ergebnis")).to_be_visible()

    # Shift+Tab back to the card's edit link, open it with Enter, change the title, save with Enter.
    edit_link = column(page, "dringend").get_by_role("link", name="Bearbeiten: Stromsperren verhindern")
    for _ in range(60):
        page.keyboard.press("Shift+Tab")
        if edit_link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Der Link „Bearbeiten“ ist per Tabulator nicht erreichbar.")
    page.keyboard.press("Enter")
    title = page.locator("article.ws-card--editing").get_by_label("Titel")
    expect(title).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Stromsperren wirksam verhindern")
    page.keyboard.press("Enter")
    expect(column(page, "dringend").get_by_role("heading", name="Stromsperren wirksam verhindern")).to_be_visible()
    assert set(Outcome.objects.values_list("title", flat=True)) == {"Stromsperren wirksam verhindern",
                                                                    "Zweites Ergebnis"}


def test_board_works_without_javascript(browser, live_server, planner, workshop):
    context = browser.new_context(java_script_enabled=False, locale="de-DE", base_url=live_server.url)
    page = context.new_page()
    try:
        log_in(page, planner)
        page.goto(workshop.get_absolute_url())
        section = column(page, "verbesserung")
        section.get_by_label("Beschreibung").fill("Ohne Titel abgeschickt")
        section.get_by_role("button", name="Hinzufügen").click()
        expect(column(page, "verbesserung").get_by_text("Bitte geben Sie einen Titel ein.")).to_be_visible()
        expect(column(page, "verbesserung").get_by_label("Beschreibung")).to_have_value("Ohne Titel abgeschickt")
        column(page, "verbesserung").get_by_label("Titel").fill("Wohngeld schneller bearbeiten")
        column(page, "verbesserung").get_by_role("button", name="Hinzufügen").click()
        expect(page.get_by_text("Das Ergebnis „Wohngeld schneller bearbeiten“ wurde hinzugefügt.")).to_be_visible()

        page.get_by_role("link", name="Löschen: Wohngeld schneller bearbeiten").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Ergebnis löschen")
        page.get_by_role("button", name="Ja, löschen").click()
        expect(page.get_by_text("Das Ergebnis „Wohngeld schneller bearbeiten“ wurde gelöscht.")).to_be_visible()
        assert not Outcome.objects.exists()
    finally:
        context.close()
