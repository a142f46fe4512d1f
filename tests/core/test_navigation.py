"""Where am I? Every page says it the same way: the main navigation marks the section a person is in,
and a page below a section's start shows one breadcrumb trail, labelled, ending at the current page."""

import pytest
from django.test.html import Element, parse_html
from django.urls import reverse

from tests.actionplan.factories import make_measure
from tests.district_statistics.factories import IndicatorFactory
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def _elements(node):
    for child in node.children:
        if isinstance(child, Element):
            yield child
            yield from _elements(child)


def _text(node):
    return " ".join("".join(c if isinstance(c, str) else _text(c) for c in node.children).split())


def _navigations(page, label):
    document = parse_html(page.content.decode())
    return [e for e in _elements(document) if e.name == "nav" and dict(e.attributes).get("aria-label") == label]


def _marked_current(nav):
    return [_text(e) for e in _elements(nav) if dict(e.attributes).get("aria-current") == "page"]


def _crumbs(page):
    trails = _navigations(page, "Brotkrumen")
    assert len(trails) <= 1, "at most one breadcrumb trail per page"
    if not trails:
        return None
    (trail,) = trails
    (ol,) = [e for e in trail.children if isinstance(e, Element)]
    assert ol.name == "ol"
    return [(e, _text(e)) for e in ol.children if isinstance(e, Element)]


def test_measure_page_has_one_labelled_trail_from_the_action_plan_to_the_measure(client, planner):
    measure = make_measure(by=planner, title="Familienzentrum am Stadtteiltreff")
    crumbs = _crumbs(client.get(measure.get_absolute_url()))
    assert [text for _, text in crumbs] == ["Aktionsplan", measure.reference]
    (first, _), (last, _) = crumbs
    assert dict(first.children[0].attributes)["href"] == reverse("actionplan:index")
    assert dict(last.attributes).get("aria-current") == "page"
    assert all(dict(crumb.attributes).get("aria-current") is None for crumb, _ in crumbs[:-1])


def test_workshop_board_trail_ends_at_the_workshop_and_every_step_back_is_a_link(client):
    workshop = WorkshopFactory(number=3, event__title="Fachtag Armut und Teilhabe")
    crumbs = _crumbs(client.get(workshop.get_absolute_url()))
    assert [text for _, text in crumbs] == ["Workshops", "Fachtag Armut und Teilhabe", "Workshop 3"]
    assert [dict(crumb.attributes).get("aria-current") for crumb, _ in crumbs] == [None, None, "page"]
    assert all(crumb.children[0].name == "a" for crumb, _ in crumbs[:-1])


def test_a_sections_start_page_has_no_trail_and_no_empty_landmark(client):
    for url in (reverse("workshops:index"), reverse("actionplan:index"), reverse("statistics:index"),
                reverse("reports:index"), reverse("home")):
        assert _crumbs(client.get(url)) is None, url


@pytest.mark.parametrize(("section", "url"), [
    ("Workshops", lambda: WorkshopFactory().get_absolute_url()),
    ("Aktionsplan", lambda: reverse("actionplan:need_and_action")),
    ("Statistik", lambda: IndicatorFactory().get_absolute_url()),
    ("Berichte", lambda: reverse("reports:index")),
])
def test_main_navigation_marks_exactly_the_section_the_page_belongs_to(client, section, url):
    (nav,) = _navigations(client.get(url()), "Hauptnavigation")
    assert _marked_current(nav) == [section]


def test_main_navigation_marks_memberships_only_on_their_page(client, department):
    client.force_login(department)
    (nav,) = _navigations(client.get(reverse("core:memberships")), "Hauptnavigation")
    assert _marked_current(nav) == ["Mitgliedschaften"]
    (nav,) = _navigations(client.get(reverse("core:profile")), "Hauptnavigation")
    assert _marked_current(nav) == []


def test_start_page_and_a_missing_page_mark_no_section(client):
    for url in (reverse("home"), "/gibt-es-nicht/"):
        (nav,) = _navigations(client.get(url), "Hauptnavigation")
        assert _marked_current(nav) == [], url


def test_sign_in_link_brings_the_visitor_back_except_from_the_sign_in_pages(client):
    url = reverse("statistics:index")
    assert f'href="{reverse("account_login")}?next={url}"' in client.get(url).content.decode()
    for account_page in (reverse("account_login"), reverse("account_signup")):
        assert f'href="{reverse("account_login")}"' in client.get(account_page).content.decode(), account_page

