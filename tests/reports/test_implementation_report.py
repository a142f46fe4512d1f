"""The Umsetzungsbericht: what happened between two dates, per field of action, as a tagged PDF."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplan import services as plan_services
from actionplan.models import Measure, MeasureIndicator, Milestone, Response, StatusChange
from core.models import Area
from district_statistics.models import NonTakeUpEstimate
from reports import services
from reports.models import ReportExport, ReportSettings
from tests.actionplan.factories import make_comment, make_measure, quarter
from tests.district_statistics.factories import IndicatorFactory, ValueFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _days(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def history(planner, department, member):
    """Events inside the last 60 days and one long before, in two fields of action."""
    sahlkamp = quarter("Sahlkamp")
    inside = make_measure(by=department, title="Schuldnerberatung im Quartier", publication="beschlossen",
                          status=Measure.Status.IMPLEMENTATION, plain_summary="Hilfe bei Schulden. Im Stadtteil.",
                          areas=[sahlkamp], citywide=False, start_date=_days(50))
    StatusChange.objects.filter(measure=inside).update(changed_at=timezone.now() - datetime.timedelta(days=50))
    inside.history.update(history_date=timezone.now() - datetime.timedelta(days=55))
    plan_services.progress_report_create(measure=inside, by=planner, title="Beratung läuft",
                                         text="Vierzig Beratungen.", percent=45, reported_on=_days(10))
    plan_services.progress_report_create(measure=inside, by=planner, title="Alter Stand",
                                         text="Lange her.", percent=5, reported_on=_days(300))
    Milestone.objects.create(measure=inside, date=_days(20), title="Zweite Beraterin eingestellt", done=True)
    inside.refresh_from_db()
    plan_services.measure_change_status(measure=inside, status=Measure.Status.DONE, by=planner)
    StatusChange.objects.filter(measure=inside, status=Measure.Status.DONE).update(
        changed_at=timezone.now() - datetime.timedelta(days=5))
    indicator = IndicatorFactory(key="sgb2-bericht", name="SGB-II-Quote", counts_benefit_recipients=True,
                                 suppression_threshold=10)
    NonTakeUpEstimate.objects.create(indicator=indicator, rate_low=Decimal("34"), rate_high=Decimal("43"),
                                     source="IAB-Forschungsbericht 5/2013")
    for year, value in ((2021, "27.1"), (2022, "26.4")):
        ValueFactory(indicator=indicator, area=sahlkamp, year=year, value=Decimal(value), numerator=900)
        ValueFactory(indicator=indicator, area=Area.objects.get(kind=Area.Kind.CITY), year=year,
                     value=Decimal("15.0"), numerator=60000)
    MeasureIndicator.objects.create(measure=inside, indicator=indicator)
    outside = make_measure(by=planner, title="Ruhige Maßnahme", publication="beteiligung")
    StatusChange.objects.filter(measure=outside).update(changed_at=timezone.now() - datetime.timedelta(days=400))
    outside.history.update(history_date=timezone.now() - datetime.timedelta(days=400))
    discussed = make_measure(by=planner, title="Sozialticket", publication="beteiligung")
    for text, hidden in (("Bitte auch für Studierende.", False), ("Beleidigung", True)):
        comment = make_comment(measure=discussed, author=member, text=text)
        Response.objects.create(comment=comment, disposition="kenntnis", reasoning="Danke.", responded_by=planner)
        if hidden:
            plan_services.comment_hide(comment=comment, by=planner, reason="Beleidigung")
    make_measure(by=planner, title="Geheimer Entwurf", publication="entwurf")
    return {"inside": inside, "outside": outside}


def _build(user, committed, media_root, **kwargs):
    result = committed(services.request_implementation_build, by=user, **kwargs)
    export = ReportExport.objects.get(pk=result.export.pk)
    assert export.status == ReportExport.Status.DONE, export.error
    return export


def test_the_report_has_its_chapters_and_only_what_happened_in_the_period(history, department, committed,
                                                                        media_root):
    export = _build(department, committed, media_root, date_from=_days(60), date_to=TODAY)
    reader = PdfReader(export.file.path)
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Umsetzungsbericht" in pages[0] and f"{_days(60):%d.%m.%Y} bis {TODAY:%d.%m.%Y}" in flat
    assert "Inhalt" in pages[1]
    field = history["inside"].field_of_action.name
    assert f"Handlungsfeld: {field}" in flat
    assert "Überblick: Was im Zeitraum geschah" in flat and "Impressum" in flat
    assert "Beratung läuft" in flat and "Zweite Beraterin eingestellt" in flat
    assert "Alter Stand" not in flat  # reported before the period
    assert "Beschlossen am" in flat and "In einfacher Sprache: Hilfe bei Schulden." in flat
    # One measure's events in the order they happened.
    article = flat[flat.index("Schuldnerberatung im Quartier"):]
    assert (article.index("Beschlossen am") < article.index("Status „in Umsetzung“")
            < article.index("Meilenstein erreicht – Zweite Beraterin") < article.index("Sachstand „Beratung läuft“")
            < article.index("Status „umgesetzt“"))
    # Consultation activity: what moderation hid is counted neither as a comment nor as an answer.
    assert "Beteiligung: 1 Kommentar, 1 Stellungnahme der Verwaltung" in flat
    assert "Kommentare in der Beteiligung 1 Stellungnahmen der Verwaltung 1" in flat
    # The Umsetzung figures, and the development around the measure with its Dunkelziffer estimate.
    assert "Stand der Umsetzung aller Maßnahmen" in flat and "durchschnittlicher Fortschritt 15,0 %" in flat
    assert "Entwicklung rund um die Maßnahme: SGB-II-Quote, Sahlkamp".upper() in flat.upper()
    assert "2022 26,4 % 15,0 % 40,0 % bis 46,3 %" in flat
    assert "Ruhige Maßnahme" in flat and "Im Zeitraum keine Veränderung." in flat
    assert "Geheimer Entwurf" not in flat
    # Same frame as the action-plan report: no page number on the title page, "Seite X von Y" on every
    # other, a table of contents with the page each chapter begins on, an outline, metadata.
    assert "Seite 1 von" not in pages[0]
    assert all(f"Seite {number} von {len(pages)}" in page for number, page in enumerate(pages, 1) if number > 1)
    chapter_page = next(number for number, page in enumerate(pages, 1)
                        if number > 2 and f"Handlungsfeld: {field}" in page)
    assert re.search(rf"Handlungsfeld: {re.escape(field)}[ .]*{chapter_page}\b", pages[1])
    assert f"Handlungsfeld: {field}" in [item.title for item in reader.outline if not isinstance(item, list)]
    assert reader.metadata.title == "Umsetzungsbericht zum Aktionsplan gegen Armut"  # built by the Dezernat
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "de"
    assert export.download_filename().startswith("umsetzungsbericht-")


def test_an_earlier_period_holds_the_older_report_only(history, department, committed, media_root):
    export = _build(department, committed, media_root, date_from=_days(320), date_to=_days(200))
    flat = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(export.file.path).pages))
    assert "Alter Stand" in flat and "Beratung läuft" not in flat


def test_planners_start_it_from_the_reports_page_and_bad_dates_change_nothing(client, planner, history,
                                                                             django_capture_on_commit_callbacks,
                                                                             media_root):
    client.force_login(planner)
    page = client.get(reverse("reports:index")).content.decode()
    assert "Umsetzungsbericht erstellen" in page
    bad = client.post(reverse("reports:start_implementation"), {"date_from": "2026-06-30", "date_to": "2026-01-01"})
    assert bad.status_code == 400 and "darf nicht vor seinem Beginn liegen" in bad.content.decode()
    assert not ReportExport.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:start_implementation"),
                    {"date_from": _days(60).isoformat(), "date_to": TODAY.isoformat()})
    export = ReportExport.objects.get()
    assert export.is_draft and export.status == ReportExport.Status.DONE
    listing = client.get(reverse("reports:index")).content.decode()
    assert f"Umsetzungsbericht {_days(60):%d.%m.%Y} bis {TODAY:%d.%m.%Y}" in listing


def test_the_action_plan_report_shows_plain_language_first(history, department):
    settings = ReportSettings.load()
    settings.intro_plain_text = "Die Stadt will Armut verringern."
    settings.save()
    from tests.reports.test_document import ALL, make_export

    html = services.render_report_html(export=make_export(department, ALL, is_draft=True))
    assert html.index("Die Stadt will Armut verringern.") < html.index('id="prozess"')
    article = html[html.index('id="massnahme-' + history["inside"].reference):]
    assert article.index("In einfacher Sprache") < article.index('class="measure__summary"')
