"""Every main page works on a 320 px phone and at 400 % zoom (WCAG 1.4.10 reflow), and axe-core finds
no barrier on it, for the public and for the planning team.

The pages are filled with the demo content (`seed_demo`), seeded once for this module into the test
database, and served by a live server of this module: one Chromium, one page per role, reused.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

# The marker makes pytest-django set up the test database; the module's own fixture fills it once.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 320, "height": 640}
LARGER_PHONE = {"width": 390, "height": 844}


def _main_pages():
    """The pages a person reads, by URL name, with the demo object each one shows."""
    from actionplan.models import Measure
    from core.models import Area, Organisation
    from district_statistics.models import Indicator
    from workshops.models import Event, Workshop

    event = Event.objects.order_by("pk").first()
    workshop = Workshop.objects.order_by("pk").first()
    measure = Measure.objects.filter(publication_state=Measure.Publication.CONSULTATION).order_by("pk").first()
    # The demo's measure with its whole journey, Sachstände and development charts.
    told = Measure.objects.get(title="Sozialberatung ohne Termin in Stöcken und Hainholz")
    indicator = Indicator.objects.filter(is_published=True).order_by("pk").first()
    stadtteil = Area.objects.get(kind=Area.Kind.QUARTER, name="Sahlkamp")
    organisation = Organisation.objects.order_by("name").first()
    return {
        "Startseite": reverse("home"),
        "Workshops": reverse("workshops:index"),
        "Veranstaltung": reverse("workshops:event_detail", args=[event.slug]),
        "Workshop-Tafel": reverse("workshops:board", args=[workshop.pk]),
        "Workshop-Ergebnisse": reverse("workshops:outcome_list"),
        "Maßnahmen": reverse("actionplan:index"),
        "Maßnahme": reverse("actionplan:measure_detail", args=[measure.reference]),
        "Maßnahme in Umsetzung": reverse("actionplan:measure_detail", args=[told.reference]),
        "Bedarf und Maßnahmen": reverse("actionplan:need_and_action"),
        "Statistik": reverse("statistics:index"),
        "Indikator mit Karte und Rangfolge": reverse("statistics:indicator_detail", args=[indicator.key]),
        "Karte der Stadtbezirke": reverse("statistics:indicator_detail", args=[indicator.key]) + "?ebene=bezirk",
        "Gebietsprofil": reverse("statistics:area_detail", args=[stadtteil.slug]),
        "Berichte": reverse("reports:index"),
        "Anmeldung": reverse("account_login"),
        "Registrieren": reverse("account_signup"),
        "Profil": reverse("core:profile"),
        "Umsetzung": reverse("actionplan:implementation"),
        "Offene Daten": reverse("opendata:documentation"),
        # The planning team's working pages.
        "Sachstand erfassen": reverse("actionplan:progress_create", args=[measure.reference]),
        "Beteiligung": reverse("actionplan:consultation"),
        "Moderation": reverse("actionplan:moderation"),
        "Werte importieren": reverse("statistics:import_upload"),
        # The Koordinationsstelle's pages: memberships and organisations.
        "Mitgliedschaften": reverse("core:memberships"),
        "Organisation bearbeiten": reverse("core:organisation_edit", args=[organisation.pk]),
    }


# Signed in, the login and sign-up pages send a person on; signed out, the profile and the team's pages ask
# them to sign in. The memberships pages belong to the Koordinationsstelle.
COORDINATION_PAGES = {"Mitgliedschaften", "Organisation bearbeiten"}
NOT_FOR = {"öffentlich": {"Profil", "Beteiligung", "Moderation", "Werte importieren", "Sachstand erfassen",
                          *COORDINATION_PAGES},
           "planung": {"Anmeldung", "Registrieren", *COORDINATION_PAGES}}
PAGE_NAMES = [
    "Startseite", "Workshops", "Veranstaltung", "Workshop-Tafel", "Workshop-Ergebnisse", "Maßnahmen", "Maßnahme",
    "Maßnahme in Umsetzung", "Bedarf und Maßnahmen", "Statistik", "Indikator mit Karte und Rangfolge",
    "Karte der Stadtbezirke", "Gebietsprofil", "Berichte", "Anmeldung", "Registrieren", "Profil", "Umsetzung",
    "Offene Daten", "Beteiligung", "Moderation", "Werte importieren", "Sachstand erfassen", "Mitgliedschaften",
    "Organisation bearbeiten",
]
CASES = [(role, name) for role in ("öffentlich", "planung") for name in PAGE_NAMES if name not in NOT_FOR[role]]
CASES += [("koordination", name) for name in sorted(COORDINATION_PAGES)]


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo content, committed so the live server's thread sees it; wiped again afterwards."""
    from django.apps import apps
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    from core.demo import DEMO_PASSWORD
    from core.masterdata import load_master_data
    from hannover_teilhabe.celery import app as celery_app
    from reports.models import ReportExport
    from reports.selectors import ReportOptions

    celery_app.conf.task_always_eager = True  # no stray tasks left in the broker for later worker tests
    with django_db_blocker.unblock():
        database = connection.settings_dict["NAME"]
        if not (database.startswith("test_") or "memory" in database):
            pytest.fail(f"Die Demo-Inhalte gehören in die Testdatenbank, nicht in {database}.")
        load_master_data(apps)
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        from core.models import User

        planner = User.objects.get(email="planung@demo.hannover-teilhabe.de")
        # A report list with finished, draft and failed builds, as after a few weeks of use.
        done, failed = ReportExport.Status.DONE, ReportExport.Status.FAILED
        builds = [(done, False, True), (done, True, False), (failed, True, False)]
        for number, (status, draft, public) in enumerate(builds):
            ReportExport.objects.create(
                requested_by=planner, options=ReportOptions.from_dict({}).as_dict(),
                options_fingerprint=f"demo-{number}",
                status=status, progress=100, is_draft=draft, is_public=public, page_count=23, file_size=123_456,
                # Only the name: the list shows it, nobody downloads it here.
                file=f"reports/bericht-{number}.pdf" if status == done else "",
                error="Die Schrift fehlte." if status == failed else "",
            )
        pages = _main_pages()
        server = LiveServer("127.0.0.1:0")
        logins = {"planung": planner.email, "koordination": "koordination@demo.hannover-teilhabe.de"}
        try:
            yield {"url": server.url, "pages": pages, "logins": logins, "password": DEMO_PASSWORD}
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def pages(browser, demo_site):
    """One browser tab per role, reused by every test of the module. bypass_csp lets axe be injected
    once the site sends a Content-Security-Policy."""
    tabs = {}
    for role in ("öffentlich", "planung", "koordination"):
        context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", base_url=demo_site["url"],
                                       viewport=PHONE, bypass_csp=True)
        context.set_default_timeout(15_000)
        tabs[role] = context.new_page()
    for role, email in demo_site["logins"].items():
        tab = tabs[role]
        tab.goto(reverse("account_login"))
        tab.get_by_label("E-Mail-Adresse").fill(email)
        tab.get_by_label("Passwort").fill(demo_site["password"])
        tab.get_by_role("button", name="Anmelden").click()
        tab.wait_for_url(lambda url: "/konto/login/" not in url)
    yield tabs
    for tab in tabs.values():
        tab.context.close()


def _open(tab, demo_site, name, viewport=PHONE):
    tab.set_viewport_size(viewport)
    response = tab.goto(demo_site["pages"][name])
    assert response.ok, f"{name}: HTTP {response.status}"
    return tab


def _axe_violations(tab):
    if not AXE.exists():
        pytest.fail("axe-core fehlt: bitte `npm ci --no-audit --no-fund` ausführen (macht `make test` selbst).")
    tab.add_script_tag(path=str(AXE))
    return tab.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(v =>
             `${v.id} (${v.impact}): ${v.help} – ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`)"""
    )


@pytest.mark.parametrize(("role", "name"), CASES)
def test_page_fits_a_320_px_phone_without_sideways_scrolling(pages, demo_site, role, name):
    tab = _open(pages[role], demo_site, name)
    overflow = tab.evaluate(
        """() => [...document.querySelectorAll("body *")]
             .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
             .slice(0, 5).map(e => e.tagName.toLowerCase() + "." + e.className)"""
    )
    assert tab.evaluate("document.documentElement.scrollWidth") == PHONE["width"], overflow


@pytest.mark.parametrize(("role", "name"), CASES)
def test_axe_finds_no_barrier(pages, demo_site, role, name):
    tab = _open(pages[role], demo_site, name)
    assert _axe_violations(tab) == []


def test_wide_tables_scroll_in_a_named_focusable_region_with_the_area_in_view(pages, demo_site):
    tab = _open(pages["öffentlich"], demo_site, "Bedarf und Maßnahmen")
    region = tab.get_by_role("region", name="seitlich verschiebbar")
    assert region.count() == 1 and region.get_attribute("tabindex") == "0"
    region.evaluate("box => box.scrollLeft = box.scrollWidth")
    first_area = region.locator("tbody th[scope=row]").first
    box = first_area.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "Die Gebietsspalte bleibt sichtbar."
    assert region.evaluate("box => box.scrollLeft") > 0


def test_measure_list_on_a_phone_shows_every_measures_status_and_field(pages, demo_site):
    tab = _open(pages["öffentlich"], demo_site, "Maßnahmen", LARGER_PHONE)
    rows = tab.locator(".measure-table tbody tr")
    assert rows.count() > 3
    for index in range(rows.count()):
        row = rows.nth(index)
        for label in ("Handlungsfeld", "Status", "Federführung"):
            cell = row.locator(f'td[data-label="{label}"]')
            box = cell.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= LARGER_PHONE["width"], label


def test_ranking_on_a_phone_shows_rank_area_and_value(pages, demo_site):
    tab = _open(pages["öffentlich"], demo_site, "Indikator mit Karte und Rangfolge", LARGER_PHONE)
    first = tab.get_by_test_id("ranking").locator("tbody tr").first
    for cell in (first.locator("td").first, first.locator("th"), first.get_by_test_id("value")):
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= LARGER_PHONE["width"]


def test_map_legend_is_text_a_phone_can_read(pages, demo_site):
    tab = _open(pages["öffentlich"], demo_site, "Indikator mit Karte und Rangfolge", LARGER_PHONE)
    legend = tab.locator(".stat-legend")
    assert legend.get_by_role("heading", name="Legende").is_visible()
    classes = legend.locator(".stat-legend__list li")
    assert classes.count() == 5
    assert "Klasse 5:" in classes.first.inner_text() or "Klasse 5:" in classes.first.text_content()
    smallest_font = legend.evaluate(
        "el => Math.min(...[...el.querySelectorAll('li, p')].map(e => parseFloat(getComputedStyle(e).fontSize)))"
    )
    assert smallest_font >= 14
    map_width = tab.locator(".stat-map svg.choropleth").bounding_box()["width"]
    assert map_width >= LARGER_PHONE["width"] - 40, "Die Karte nutzt die ganze Breite des Telefons."


@pytest.mark.parametrize("role", ["öffentlich", "planung"])
def test_header_and_demo_banner_take_less_than_a_quarter_of_a_phone_screen(pages, demo_site, role):
    for viewport in (PHONE, LARGER_PHONE):
        tab = _open(pages[role], demo_site, "Statistik", viewport)
        header = tab.locator("header.site-header")
        assert header.locator(".demo-banner").is_visible(), "Der Demo-Hinweis steht im Kopf (einer Landmarke)."
        assert header.bounding_box()["height"] < viewport["height"] / 4
