"""The flows people do in the browser: from a workshop problem to a measure, comment and answer, conflict."""

import pytest

from actionplan.models import Measure
from tests.actionplan.factories import OutcomeFactory, make_measure, quarter
from tests.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _new_page(browser, live_server):
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", base_url=live_server.url)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_planner_turns_an_urgent_problem_into_a_linked_measure(page, login, planner):
    outcome = OutcomeFactory(title="Energieschulden und Stromsperren", areas=[quarter("Sahlkamp")])
    login(page, planner)
    page.goto("/aktionsplan/abdeckung/")
    page.locator("li", has_text="Energieschulden und Stromsperren").get_by_role(
        "link", name="In Maßnahme überführen").click()
    assert page.get_by_label("Titel").input_value() == "Energieschulden und Stromsperren"
    page.get_by_label("Kurzbeschreibung").fill("Ein Härtefallfonds verhindert Sperren.")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/aktionsplan/M-*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Energieschulden und Stromsperren"
    measure = Measure.objects.get(title="Energieschulden und Stromsperren")
    assert list(measure.outcomes.all()) == [outcome]
    assert page.get_by_text("dringendes Problem").first.is_visible()


def test_member_comments_planner_answers_member_sees_answer(browser, live_server, page, login, planner, member,
                                                           period):
    measure = make_measure(by=planner, title="Familienzentrum im Sahlkamp")
    login(page, member)
    page.goto(measure.get_absolute_url())
    page.get_by_label("Bedenken").check()
    page.get_by_label("Ihr Kommentar").fill("Die Öffnungszeiten reichen nicht.\nBitte auch samstags.")
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    page.get_by_text("Ihr Kommentar ist veröffentlicht.").wait_for()
    assert page.locator(".comment .badge", has_text="Bedenken").is_visible()

    context, planner_page = _new_page(browser, live_server)
    try:
        log_in(planner_page, planner)
        planner_page.goto(measure.get_absolute_url())
        planner_page.get_by_role("link", name="Beantworten (Abwägung)").click()
        planner_page.get_by_label("teilweise übernommen").check()
        planner_page.get_by_label("Begründung").fill("Samstags öffnet das Zentrum ab 2027.")
        planner_page.get_by_role("button", name="Antwort speichern").click()
        planner_page.get_by_text("Die Antwort der Verwaltung ist gespeichert").wait_for()
    finally:
        context.close()

    page.reload()
    response = page.locator(".response")
    assert "teilweise übernommen" in response.inner_text()
    assert "Samstags öffnet das Zentrum ab 2027." in response.inner_text()


def test_second_editor_gets_the_conflict_and_keeps_the_typed_text(browser, live_server, page, login, planner,
                                                                 department, period):
    measure = make_measure(by=planner, title="Sozialticket")
    login(page, planner)
    page.goto(f"/aktionsplan/{measure.reference}/bearbeiten/")

    context, other = _new_page(browser, live_server)
    try:
        log_in(other, department)
        other.goto(f"/aktionsplan/{measure.reference}/bearbeiten/")
        other.get_by_label("Titel").fill("Sozialticket für 19 Euro")
        other.get_by_role("button", name="Speichern").click()
        other.wait_for_url(f"**/aktionsplan/{measure.reference}/")
    finally:
        context.close()

    page.get_by_label("Kurzbeschreibung").fill("Mein sorgfältig getippter Text")
    page.get_by_label("Titel").fill("Sozialticket günstiger")
    page.get_by_role("button", name="Speichern").click()
    alert = page.locator("#konflikt")
    alert.wait_for()
    assert "Ihre Änderungen wurden nicht gespeichert" in alert.inner_text()
    assert "Sozialticket für 19 Euro" in alert.inner_text()
    assert page.get_by_label("Kurzbeschreibung").input_value() == "Mein sorgfältig getippter Text"
    assert page.get_by_label("Titel").input_value() == "Sozialticket günstiger"
    assert Measure.objects.get(pk=measure.pk).title == "Sozialticket für 19 Euro"


def test_second_tab_on_a_measure_with_milestones_gets_the_conflict(browser, live_server, page, login, planner,
                                                                  period):
    import datetime

    from actionplan.models import Milestone

    measure = make_measure(by=planner, title="Sozialberatung im Stadtteil")
    Milestone.objects.create(measure=measure, date=datetime.date(2027, 1, 15), title="Träger gefunden")
    Milestone.objects.create(measure=measure, date=datetime.date(2027, 6, 1), title="Beratung startet")
    login(page, planner)
    page.goto(f"/aktionsplan/{measure.reference}/bearbeiten/")  # tab B

    tab_a = page.context.new_page()
    tab_a.goto(f"/aktionsplan/{measure.reference}/bearbeiten/")
    tab_a.get_by_label("Titel").fill("Sozialberatung vor Ort")
    tab_a.get_by_role("button", name="Speichern").click()
    tab_a.wait_for_url(f"**/aktionsplan/{measure.reference}/")
    tab_a.close()

    page.get_by_label("Titel").fill("Titel aus Tab B")
    page.get_by_label("Kurzbeschreibung").fill("Kurzbeschreibung aus Tab B")
    page.get_by_role("button", name="Speichern").click()
    alert = page.locator("#konflikt")
    alert.wait_for()
    assert "Ihre Änderungen wurden nicht gespeichert" in alert.inner_text()
    assert "Sozialberatung vor Ort" in alert.inner_text()
    assert page.get_by_label("Titel").input_value() == "Titel aus Tab B"
    assert page.get_by_label("Kurzbeschreibung").input_value() == "Kurzbeschreibung aus Tab B"

    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(f"**/aktionsplan/{measure.reference}/")
    measure.refresh_from_db()
    assert measure.title == "Titel aus Tab B"
    assert measure.milestones.count() == 2


def test_measure_list_fits_a_1280_pixel_screen(browser, live_server, planner, period):
    for title, unit, places in [
        ("Frühwarnsystem gegen Zwangsräumungen von Familien", "Fachstelle Wohnungssicherung",
         ["Hainholz", "Stöcken"]),
        ("Aufsuchende Beratung zur Grundsicherung im Alter", "Fachbereich Senioren", ["Stöcken", "Mittelfeld"]),
    ]:
        make_measure(by=planner, title=title, lead_unit=unit, citywide=True, areas=[quarter(p) for p in places],
                     status="zurueckgestellt",
                     summary="Gerichte, Vermieter und Jobcenter melden Räumungsklagen früh an die Fachstelle "
                             "Wohnungssicherung; Haushalte mit Wohnberechtigungsschein werden beraten.")
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/aktionsplan/")
        wrap = page.locator(".table-wrap").first
        scroll_width, client_width = wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert scroll_width <= client_width
        header = page.get_by_role("columnheader", name="Kommentare")
        box, area = header.bounding_box(), wrap.bounding_box()
        assert box["x"] + box["width"] <= area["x"] + area["width"] + 1
    finally:
        context.close()
