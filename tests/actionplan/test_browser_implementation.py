"""In the browser: a planner records a Sachstand, the follower is mailed, the Umsetzung page moves."""

import pytest
from django.core import mail

from actionplan.models import Follow, Measure
from tests.actionplan.factories import make_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_planner_adds_a_progress_report_follower_is_mailed_and_umsetzung_changes(page, login, planner, member,
                                                                                period):
    measure = make_measure(by=planner, title="Stadtteilmütter in Linden", status=Measure.Status.IMPLEMENTATION)
    Follow.objects.create(user=member, measure=measure)
    login(page, planner)
    page.goto("/aktionsplan/umsetzung/")
    overall = page.locator("table.rollup").first.locator("tbody tr").first
    assert "0,0 %" in overall.inner_text()

    page.goto(measure.get_absolute_url())
    page.get_by_role("link", name="Sachstand erfassen").click()
    page.get_by_label("Überschrift").fill("Zehn Mütter ausgebildet")
    page.get_by_label("Was ist geschehen?").fill("Die ersten zehn Stadtteilmütter beraten seit Mai.")
    page.get_by_label("Fortschritt (%)").fill("40")
    page.get_by_role("button", name="Sachstand speichern").click()
    page.get_by_text("Der Sachstand ist gespeichert").wait_for()
    assert page.locator("#sachstand").get_by_role("heading", name="Zehn Mütter ausgebildet").is_visible()
    assert "40 %" in page.locator("#sachstand").inner_text()
    assert page.locator(".measure-timeline").get_by_role("link", name="Sachstand: Zehn Mütter ausgebildet").count() == 1

    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Zehn Mütter ausgebildet" in mail.outbox[0].body

    page.goto("/aktionsplan/umsetzung/")
    overall = page.locator("table.rollup").first.locator("tbody tr").first
    assert "40,0 %" in overall.inner_text()
    overall.get_by_role("link", name="40,0 %").click()
    page.wait_for_url("**/aktionsplan/**")
    assert page.get_by_role("heading", name="1 Maßnahme").is_visible()
