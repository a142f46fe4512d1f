"""A small world with something the public must never see in every resource."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from actionplan.models import Response
from core.models import Area
from reports.models import ReportExport
from tests.actionplan.factories import make_comment, make_measure, open_period, quarter
from tests.district_statistics.factories import IndicatorFactory, ValueFactory
from tests.workshops.factories import EventFactory, OutcomeFactory

# The administration's published answer to a comment that was later hidden: public, as on the page.
ANSWER_TO_HIDDEN = "Antwort auf Ausgeblendetes"
SECRETS = {
    "draft measure": "Geheimer Entwurf Wohnungslosenhilfe",
    "internal event": "Interne Klausur der Planung",
    "internal outcome": "Internes Ergebnis aus der Klausur",
    "hidden comment": "Beleidigender Text XYZ",
    "unpublished indicator": "Unveröffentlichter Indikator Mietbelastung",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The limit counts in Django's cache; each story starts with a fresh allowance.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(planner, member):
    open_period()
    public = make_measure(by=planner, title="Sozialticket für alle", status="umsetzung",
                          areas=[quarter("Linden-Süd")], citywide=False)
    adopted = make_measure(by=planner, title="Wohngeld-Schnellspur", publication="beschlossen")
    draft = make_measure(by=planner, title=SECRETS["draft measure"], publication="entwurf")
    public_event = EventFactory(title="Offener Fachtag Armut und Teilhabe", is_public=True,
                                date=datetime.date(2026, 3, 18))
    internal_event = EventFactory(title=SECRETS["internal event"], is_public=False, date=datetime.date(2026, 5, 4))
    open_outcome = OutcomeFactory(workshop__event=public_event, title="Busfahren ist zu teuer", kind="dringend")
    internal_outcome = OutcomeFactory(workshop__event=internal_event, title=SECRETS["internal outcome"])
    public.outcomes.add(open_outcome, internal_outcome)
    visible = make_comment(measure=public, author=member, text="Wir unterstützen das Sozialticket.")
    Response.objects.create(comment=visible, disposition="uebernommen", reasoning="Wird so umgesetzt.",
                            responded_by=planner)
    hidden = make_comment(measure=public, author=member, text=SECRETS["hidden comment"])
    Response.objects.create(comment=hidden, disposition="kenntnis", reasoning=ANSWER_TO_HIDDEN,
                            responded_by=planner)
    hidden.hidden_at = timezone.now()
    hidden.hidden_by = planner
    hidden.hidden_reason = "Beleidigung"
    hidden.save()
    make_comment(measure=draft, author=member, text="Kommentar zu einem Entwurf")

    indicator = IndicatorFactory(key="sgb2-quote", name="SGB-II-Quote", suppression_threshold=5,
                                 definition="Anteil der Menschen in Bedarfsgemeinschaften nach SGB II")
    shown = ValueFactory(indicator=indicator, area=quarter("Linden-Süd"), year=2024, value=Decimal("21.4"),
                         numerator=Decimal("1200"), denominator=Decimal("5600"))
    suppressed = ValueFactory(indicator=indicator, area=quarter("Isernhagen-Süd"), year=2024,
                              value=Decimal("0.7"), numerator=Decimal("3"), denominator=Decimal("430"))
    ValueFactory(indicator=indicator, area=Area.objects.get(key="stadt"), year=2023, value=Decimal("19.8"))
    unpublished = IndicatorFactory(key="mietbelastung", name=SECRETS["unpublished indicator"], is_published=False)
    ValueFactory(indicator=unpublished, area=quarter("Linden-Süd"), year=2024, value=Decimal("44.4"))

    now = timezone.now()
    published_report = ReportExport.objects.create(
        status=ReportExport.Status.DONE, file="reports/aktionsplan.pdf", is_draft=False, is_public=True,
        options_fingerprint="veroeffentlicht", finished_at=now, page_count=42, file_size=123_456,
    )
    draft_report = ReportExport.objects.create(
        status=ReportExport.Status.DONE, file="reports/entwurf.pdf", is_draft=True, is_public=False,
        options_fingerprint="entwurf", finished_at=now, page_count=40, file_size=120_000,
    )
    return {
        "public": public, "adopted": adopted, "draft": draft, "public_event": public_event,
        "internal_event": internal_event, "open_outcome": open_outcome, "internal_outcome": internal_outcome,
        "visible_comment": visible, "hidden_comment": hidden, "indicator": indicator, "shown_value": shown,
        "suppressed_value": suppressed, "unpublished": unpublished, "published_report": published_report,
        "draft_report": draft_report,
    }


def results(response):
    assert response.status_code == 200, response.content[:500]
    return response.json()["ergebnisse"]
