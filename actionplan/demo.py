"""Demo measures of the action plan with a consultation that is open now.

Idempotent: the consultation period is keyed by its title, measures by title, comments by measure,
author and text. Every row is marked `is_demo` and shown with a "Demo" badge.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from actionplan import services
from actionplan.models import (
    Comment,
    CommentReport,
    ConsultationPeriod,
    Follow,
    Measure,
    ProgressReport,
    Response,
    StatusChange,
)
from core.areas import AreaResolver
from core.models import FieldOfAction, TargetGroup
from workshops.models import Event, Outcome

PERIOD_TITLE = "Beteiligungsphase Aktionsplan 2026/27"
EVENT_SLUG = "fachtag-armut-und-teilhabe-2026"
DEZERNAT = "dezernat@demo.hannover-teilhabe.de"
PLANUNG = "planung@demo.hannover-teilhabe.de"
VERBAND = "verband@demo.hannover-teilhabe.de"
INITIATIVE = "initiative@demo.hannover-teilhabe.de"

S = Measure.Status
P = Measure.Publication
CITY = "gesamtstädtisch"
STATUS_PATH = [S.IDEA, S.PLANNING, S.IMPLEMENTATION, S.DONE]

# Each measure: title, summary, description, field of action, target groups, places, lead org (name
# fragment or None), lead unit, partner name fragments, status, progress, start, end, cost, funding,
# priority, publication, outcome titles, milestones, indicator keys with target text.
MEASURES = [
    dict(
        title="Wohngeld-Schnellspur: Bescheid in sechs Wochen",
        summary="Ein eigenes Team bearbeitet Erstanträge auf Wohngeld vorrangig, damit aus langen Wartezeiten "
                "keine Mietschulden werden.",
        description="Die Wohngeldstelle richtet eine Schnellspur für Erstanträge ein. Vollständige Anträge "
                    "werden innerhalb von sechs Wochen beschieden; bei drohender Kündigung wird ein "
                    "Vorschuss gezahlt.\n\nDie Wohlfahrtsverbände melden Härtefälle direkt.",
        field="Existenzsicherung und Zugang zu Leistungen", groups=["Erwerbstätige mit geringem Einkommen"],
        places=CITY, lead="Sozialdezernat", unit="Fachbereich Soziales, Wohngeldstelle", partners=["Diakon"],
        status=S.IMPLEMENTATION, progress=40, start=(2026, 5, 1), end=(2027, 6, 30), cost="380000",
        funding="Haushalt der Landeshauptstadt, Teilhaushalt 50", priority="hoch", publication=P.ADOPTED,
        outcomes=["Anträge auf Wohngeld dauern zu lange"],
        milestones=[((2026, 5, 1), "Team mit vier Stellen besetzt", True),
                    ((2026, 9, 30), "Bearbeitungszeit unter acht Wochen", True),
                    ((2027, 3, 31), "Bearbeitungszeit unter sechs Wochen", False)],
        indicators=[("sgb2-quote", "Mehr Haushalte erhalten Wohngeld statt Bürgergeld")],
    ),
    dict(
        title="Antragslotsinnen und -lotsen in allen Stadtbezirken",
        summary="Geschulte Lotsinnen und Lotsen helfen in jedem Stadtbezirk beim Ausfüllen von Anträgen – "
                "in Leichter Sprache und in den häufigsten Herkunftssprachen.",
        description="Aufbauend auf den Sprach- und Kulturlotsen werden in allen 13 Stadtbezirken feste "
                    "Sprechzeiten in Stadtteiltreffs und Bibliotheken angeboten. Telefonische Rückrufe "
                    "werden innerhalb von zwei Werktagen zugesagt.",
        field="Existenzsicherung und Zugang zu Leistungen", groups=["Geflüchtete", "Ältere Menschen"],
        places=CITY, lead="Caritas", unit="", partners=["Diakon", "AWO"], status=S.PLANNING, progress=15,
        start=(2027, 1, 1), end=(2028, 12, 31), cost="210000", funding="Landesprogramm „Gute Nachbarschaft“",
        priority="hoch", publication=P.CONSULTATION,
        outcomes=["Formulare in leichter Sprache", "Erreichbarkeit der Ämter per Telefon"],
        milestones=[((2026, 12, 15), "Schulungskonzept abgestimmt", False)], indicators=[],
    ),
    dict(
        title="Aufsuchende Beratung zur Grundsicherung im Alter",
        summary="Seniorenberatung besucht ältere Menschen zu Hause und hilft, die Grundsicherung zu beantragen.",
        description="Viele ältere Menschen beantragen aus Scham keine Grundsicherung. Hausbesuche nach dem "
                    "75. Geburtstag bieten Beratung an; Apotheken und Hausarztpraxen verteilen Hinweise.",
        field="Existenzsicherung und Zugang zu Leistungen", groups=["Ältere Menschen"],
        places=["Stöcken", "Mittelfeld"], lead=None, unit="Fachbereich Senioren", partners=["AWO"],
        status=S.IDEA, progress=0, start=None, end=None, cost=None, funding="", priority="mittel",
        publication=P.CONSULTATION, outcomes=["Verdeckte Armut bei Älteren"], milestones=[],
        indicators=[("grundsicherung-alter", "Mehr Anspruchsberechtigte beziehen die Leistung")],
    ),
    dict(
        title="Härtefallfonds gegen Strom- und Gassperren",
        summary="Ein Fonds übernimmt in Härtefällen Energieschulden, wenn eine Sperre droht und andere "
                "Hilfen nicht greifen.",
        description="Stadtwerke, Jobcenter und Schuldnerberatung vereinbaren ein gemeinsames Verfahren: Vor "
                    "jeder Sperrandrohung wird auf die Beratung hingewiesen; der Fonds zahlt bis zu "
                    "1.000 € je Haushalt.",
        field="Wohnen", groups=["Erwerbstätige mit geringem Einkommen", "Familien mit mehreren Kindern"],
        places=CITY, lead="Sozialdezernat", unit="Koordinationsstelle Sozialplanung", partners=["Diakon", "Caritas"],
        status=S.IMPLEMENTATION, progress=60, start=(2026, 4, 1), end=(2027, 3, 31), cost="250000",
        funding="Haushalt der Landeshauptstadt und Spenden der Stadtwerke", priority="hoch", publication=P.ADOPTED,
        outcomes=["Energieschulden und drohende Stromsperren"],
        milestones=[((2026, 4, 1), "Fonds eingerichtet", True), ((2026, 10, 1), "Erste Auswertung", True)],
        indicators=[],
    ),
    dict(
        title="Frühwarnsystem gegen Zwangsräumungen von Familien",
        summary="Gerichte, Vermieter und Jobcenter melden Räumungsklagen früh an die Fachstelle "
                "Wohnungssicherung.",
        description="Die Fachstelle nimmt innerhalb einer Woche Kontakt auf, klärt Mietschuldenübernahme "
                    "und vermittelt Beratung. Familien mit Kindern haben Vorrang.",
        field="Wohnen", groups=["Familien mit mehreren Kindern"], places=["Stöcken", "Hainholz"],
        lead=None, unit="Fachstelle Wohnungssicherung", partners=["Wohnungsgenossenschaft"], status=S.PLANNING,
        progress=20, start=(2027, 1, 1), end=None, cost="95000", funding="noch offen", priority="hoch",
        publication=P.CONSULTATION, outcomes=["Zwangsräumungen von Familien mit Kindern"],
        milestones=[((2027, 1, 1), "Kooperationsvereinbarung mit dem Amtsgericht", False)], indicators=[],
    ),
    dict(
        title="Mehr Belegungsrechte im geförderten Wohnungsbau",
        summary="Die Stadt erwirbt zusätzliche Belegungsrechte für Haushalte mit Wohnberechtigungsschein.",
        description="Zurückgestellt bis zur Entscheidung über das Landeswohnraumförderprogramm 2027.",
        field="Wohnen", groups=["Familien mit mehreren Kindern", "Alleinerziehende"], places=CITY,
        lead="Sozialdezernat", unit="Fachbereich Wohnen", partners=["Wohnungsgenossenschaft"],
        status=S.POSTPONED, progress=5, start=None, end=None, cost="1200000", funding="Landesmittel (beantragt)",
        priority="mittel", publication=P.CONSULTATION,
        outcomes=["Mehr Belegungsrechte für Haushalte mit Wohnberechtigungsschein"], milestones=[], indicators=[],
    ),
    dict(
        title="Kampagne Kinderzuschlag: Jede Familie kennt ihren Anspruch",
        summary="Plakate, Elternbriefe und Beratung in Kitas machen den Kinderzuschlag bekannt.",
        description="Die Kampagne lief von Mai bis Oktober 2026 in Kitas, Schulen und Familienzentren. "
                    "Über 1.400 Familien haben eine Beratung in Anspruch genommen.",
        field="Familie", groups=["Alleinerziehende", "Erwerbstätige mit geringem Einkommen"], places=CITY,
        lead="Sozialdezernat", unit="Fachbereich Jugend und Familie", partners=["AWO"], status=S.DONE,
        progress=100, start=(2026, 5, 1), end=(2026, 10, 31), cost="48000", funding="Haushalt der Landeshauptstadt",
        priority="mittel", publication=P.ADOPTED,
        outcomes=["Kinderzuschlag ist kaum bekannt", "Kinderarmut bei Alleinerziehenden"],
        milestones=[((2026, 5, 1), "Kampagnenstart", True), ((2026, 10, 31), "Abschlussbericht", True)],
        indicators=[("kinderarmut", "Kinderarmut sinkt bis 2028 um einen Prozentpunkt")],
    ),
    dict(
        title="Familienzentren im Sahlkamp und in Vahrenheide ausbauen",
        summary="Zwei Familienzentren erhalten zusätzliche Kita-Gruppen und eine Sozialberatung.",
        description="Das Familienzentrum Vahrenheide wird um zwei Gruppen erweitert; im Sahlkamp entsteht "
                    "ein neues Familienzentrum am Stadtteiltreff. Beide bieten offene Sprechstunden zu "
                    "Bildung und Teilhabe an.",
        field="Familie", groups=["Alleinerziehende", "Kinder und Jugendliche"], places=["Sahlkamp", "Vahrenheide"],
        lead="Sozialdezernat", unit="Fachbereich Jugend und Familie", partners=["Initiative Sahlkamp", "Caritas"],
        status=S.PLANNING, progress=25, start=(2027, 2, 1), end=(2029, 7, 31), cost="2400000",
        funding="Bundesprogramm Kita-Ausbau und städtischer Eigenanteil", priority="hoch",
        publication=P.CONSULTATION, outcomes=["Mehr Kita-Plätze im Sahlkamp"],
        milestones=[((2027, 2, 1), "Bauantrag", False), ((2028, 8, 1), "Eröffnung der neuen Gruppen", False)],
        indicators=[("kinderarmut", "Mehr Kinder aus armen Familien besuchen eine Kita")],
    ),
    dict(
        title="Schulstarterpaket ergänzen",
        summary="Ein städtischer Zuschuss ergänzt das Schulbedarfspaket um die tatsächlichen Kosten.",
        description="Entwurf: Höhe und Verfahren werden noch mit dem Jobcenter abgestimmt.",
        field="Bildung", groups=["Kinder und Jugendliche"], places=CITY, lead=None, unit="Fachbereich Schule",
        partners=[], status=S.IDEA, progress=0, start=None, end=None, cost="600000", funding="noch offen",
        priority="mittel", publication=P.DRAFT, outcomes=["Schulmaterial zum Schuljahresbeginn"], milestones=[],
        indicators=[],
    ),
    dict(
        title="Lernförderung ohne Antragshürden",
        summary="Schulen bestätigen den Förderbedarf direkt; die Bewilligung folgt innerhalb von zwei Wochen.",
        description="Ein vereinfachtes Formular ersetzt das bisherige Verfahren. Nachhilfe kann sofort "
                    "beginnen; die Abrechnung läuft über die Schule.",
        field="Bildung", groups=["Kinder und Jugendliche"], places=CITY, lead=None, unit="Fachbereich Schule",
        partners=["Caritas"], status=S.IMPLEMENTATION, progress=55, start=(2026, 8, 1), end=(2027, 7, 31),
        cost="120000", funding="Bildung und Teilhabe (Bund)", priority="mittel", publication=P.CONSULTATION,
        outcomes=["Lernförderung unbürokratisch bewilligen"],
        milestones=[((2026, 8, 1), "Pilot an zehn Schulen", True)], indicators=[],
    ),
    dict(
        title="Sozialticket für 19 Euro im Monat",
        summary="Der Preis des Sozialtickets sinkt auf den Mobilitätsanteil im Regelsatz.",
        description="Die Region und die Üstra prüfen die Finanzierung; die Stadt beteiligt sich an den "
                    "Mindereinnahmen.",
        field="Mobilität", groups=["Erwerbslose", "Erwerbstätige mit geringem Einkommen"], places=CITY,
        lead=None, unit="Sozialdezernat gemeinsam mit der Region Hannover", partners=[], status=S.IDEA,
        progress=0, start=None, end=None, cost="3100000", funding="Region Hannover und Landeshauptstadt (offen)",
        priority="hoch", publication=P.CONSULTATION, outcomes=["Sozialticket günstiger machen"], milestones=[],
        indicators=[],
    ),
    dict(
        title="Kinderärztliches Versorgungszentrum im Hannoverschen Norden",
        summary="Ein städtisch unterstütztes Versorgungszentrum mit drei Kinderarztsitzen.",
        description="Entwurf: Gespräche mit der Kassenärztlichen Vereinigung laufen.",
        field="Gesundheit", groups=["Kinder und Jugendliche"], places=["Vahrenheide", "Sahlkamp", "Stöcken"],
        lead=None, unit="Gesundheitsamt", partners=[], status=S.PLANNING, progress=10, start=None, end=None,
        cost=None, funding="", priority="hoch", publication=P.DRAFT,
        outcomes=["Kinderärztliche Versorgung im Hannoverschen Norden"], milestones=[], indicators=[],
    ),
    dict(
        title="Patenschaften für Vereinsbeiträge",
        summary="Sportvereine und Stiftungen übernehmen Beiträge und Ausrüstung für Kinder aus armen Familien.",
        description="Seit Sommer 2026 haben 230 Kinder über die Patenschaften einen Verein gefunden.",
        field="Kultur und Freizeit", groups=["Kinder und Jugendliche"], places=["Linden-Süd"],
        lead="SV Linden", unit="", partners=["Diakon"], status=S.DONE, progress=100, start=(2026, 3, 1),
        end=(2026, 9, 30), cost="35000", funding="Stiftungsmittel", priority="niedrig", publication=P.ADOPTED,
        outcomes=["Sportvereine öffnen für Kinder aus armen Familien"],
        milestones=[((2026, 9, 30), "100 Patenschaften vermittelt", True)], indicators=[],
    ),
    dict(
        title="Offene Treffs am Abend und am Wochenende",
        summary="Stadtteiltreffs öffnen zweimal pro Woche bis 21 Uhr und am Samstag.",
        description="Zurückgestellt, bis die Personalausstattung der Treffs geklärt ist.",
        field="Quartier und Nachbarschaft", groups=["Erwerbstätige mit geringem Einkommen"],
        places=["Linden-Süd", "Bemerode"], lead=None, unit="Fachbereich Soziales, Quartiersarbeit",
        partners=["Initiative Sahlkamp"], status=S.POSTPONED, progress=0, start=None, end=None, cost="80000",
        funding="noch offen", priority="niedrig", publication=P.DRAFT,
        outcomes=["Treffpunkte am Abend und am Wochenende"], milestones=[], indicators=[],
    ),
    dict(
        title="Digitale Teilhabe: Leihgeräte und WLAN für Schulkinder",
        summary="Schulen verleihen Tablets; Stadtteiltreffs bieten freies WLAN und Lernräume.",
        description="Start an Schulen in Linden-Limmer und Hainholz.",
        field="Bildung", groups=["Kinder und Jugendliche"], places=["Bezirk Linden-Limmer", "Hainholz"],
        lead=None, unit="Fachbereich Schule", partners=[], status=S.IMPLEMENTATION, progress=30,
        start=(2026, 9, 1), end=(2027, 8, 31), cost="150000", funding="DigitalPakt Schule", priority="mittel",
        publication=P.DRAFT, outcomes=["Digitale Ausstattung für Schülerinnen und Schüler"], milestones=[],
        indicators=[],
    ),
]

# (measure title, author e-mail, position, text, disposition, reasoning, hidden reason)
COMMENTS = [
    ("Familienzentren im Sahlkamp und in Vahrenheide ausbauen", VERBAND, Comment.Position.AGREE,
     "Wir unterstützen den Ausbau ausdrücklich. Die Familienzentren sind für viele Familien der erste Ort, "
     "an dem sie Hilfe annehmen.", Response.Disposition.ADOPTED,
     "Vielen Dank. Die Sozialberatung wird, wie von Ihnen angeregt, von Beginn an eingeplant.", ""),
    ("Familienzentren im Sahlkamp und in Vahrenheide ausbauen", INITIATIVE, Comment.Position.ADDITION,
     "Bitte den Stadtteiltreff Sahlkamp in die Planung einbeziehen:\nDort gibt es schon Räume für das "
     "Elterncafé und ehrenamtliche Dolmetscherinnen.", Response.Disposition.PARTLY,
     "Die Räume des Stadtteiltreffs werden für das Elterncafé genutzt. Eine gemeinsame Trägerschaft ist "
     "rechtlich nicht möglich.", ""),
    ("Sozialticket für 19 Euro im Monat", VERBAND, Comment.Position.CONCERN,
     "19 Euro sind immer noch mehr als der Mobilitätsanteil für Kinder. Wir regen ein kostenloses Ticket "
     "für Kinder an.", Response.Disposition.REJECTED,
     "Ein kostenloses Kinderticket übersteigt den Finanzrahmen. Kinder bis 14 Jahre fahren bereits mit "
     "dem ermäßigten Schülerticket.", ""),
    ("Frühwarnsystem gegen Zwangsräumungen von Familien", INITIATIVE, Comment.Position.PARTICIPATE,
     "Unsere Initiative bietet an, Familien im Sahlkamp bei den Gesprächen mit der Fachstelle zu begleiten.",
     Response.Disposition.NOTED,
     "Danke für das Angebot. Die Fachstelle nimmt Kontakt zu Ihnen auf, sobald das Verfahren startet.", ""),
    ("Antragslotsinnen und -lotsen in allen Stadtbezirken", VERBAND, Comment.Position.ADDITION,
     "Die Lotsinnen brauchen eine feste Aufwandsentschädigung, sonst springen sie nach kurzer Zeit ab.",
     None, "", ""),
    ("Sozialticket für 19 Euro im Monat", INITIATIVE, Comment.Position.CONCERN,
     "Das ist doch alles nur Show der Verwaltung. Die Verantwortlichen sollte man mit Namen und "
     "Privatadresse an den Pranger stellen.", None, "",
     "Persönliche Angriffe und Aufruf zur Veröffentlichung privater Daten"),
]

# (parent comment text start, author e-mail, reply text)
REPLIES = [
    ("Bitte den Stadtteiltreff Sahlkamp", VERBAND,
     "Die Diakonie unterstützt den Vorschlag und kann eine Kollegin für die Sprechstunde stellen."),
    ("Das ist doch alles nur Show", VERBAND,
     "Unabhängig vom Ton: Der Preis ist für viele unserer Ratsuchenden tatsächlich das größte Hindernis."),
]


def _date(parts):
    return datetime.date(*parts) if parts else None


def _organisation(context, fragment):
    if not fragment:
        return None
    for name, organisation in context.organisations.items():
        if fragment.lower() in name.lower():
            return organisation
    return None


def _areas(places):
    if places == CITY:
        return [], True
    resolver = AreaResolver()
    return [resolver.get(name) for name in places], False


def _event(context):
    event = context.extra.get("event")
    return event or Event.objects.filter(slug=EVENT_SLUG).first()


def _create_measure(spec, context, event, planner, department):
    from district_statistics.models import Indicator

    areas, citywide = _areas(spec["places"])
    outcomes = list(Outcome.objects.filter(workshop__event=event, title__in=spec["outcomes"])) if event else []
    partners = [org for org in (_organisation(context, f) for f in spec["partners"]) if org]
    indicators = []
    for key, target in spec["indicators"]:
        indicator = Indicator.objects.filter(key=key).first() or Indicator.objects.filter(is_key_indicator=True).first()
        if indicator:
            indicators.append({"indicator": indicator, "target_text": target})
    fields = {
        "title": spec["title"], "summary": spec["summary"], "description": spec["description"],
        "field_of_action": FieldOfAction.objects.get(name=spec["field"]), "citywide": citywide,
        "lead_organisation": _organisation(context, spec["lead"]), "lead_unit": spec["unit"],
        "status": S.IDEA, "start_date": _date(spec["start"]), "plain_summary": PLAIN_SUMMARIES.get(spec["title"], ""),
        "end_date": _date(spec["end"]), "cost_estimate": Decimal(spec["cost"]) if spec["cost"] else None,
        "funding_source": spec["funding"], "cost_note": "", "priority": spec["priority"],
        "publication_state": spec["publication"],
    }
    data = services.MeasureInput(
        fields=fields,
        m2m={"target_groups": list(TargetGroup.objects.filter(name__in=spec["groups"])), "areas": areas,
             "partners": partners, "outcomes": outcomes},
        milestones=[{"date": _date(d), "title": t, "done": done} for d, t, done in spec["milestones"]],
        indicators=indicators, status_note="Aus den Ergebnissen des Fachtags übernommen",
    )
    by = department if spec["publication"] == P.ADOPTED else planner
    measure = services.measure_create(data=data, by=by, is_demo=True)
    # Walk the status path so the dated history reads like a real one, a few weeks per step.
    target = spec["status"]
    steps = [S.PLANNING] if target == S.POSTPONED else STATUS_PATH[1:STATUS_PATH.index(target) + 1]
    if target == S.POSTPONED:
        steps.append(S.POSTPONED)
    for step in steps:
        measure = services.measure_change_status(measure=measure, status=step, by=by,
                                                 note="Demo: Statuswechsel")
    changes = list(StatusChange.objects.filter(measure=measure).order_by("changed_at", "pk"))
    backdate = overdue_days_back() if spec["title"] == OVERDUE_TITLE else 0
    start = timezone.now() - datetime.timedelta(days=35 * len(changes) + backdate)
    for index, change in enumerate(changes):
        StatusChange.objects.filter(pk=change.pk).update(changed_at=start + datetime.timedelta(days=35 * index))
    # The measure's story starts with its creation, so its first version carries the same date.
    Measure.objects.filter(pk=measure.pk).update(created_at=start)
    first_version = measure.history.order_by("history_date", "history_id").first()
    Measure.history.filter(history_id=first_version.history_id).update(history_date=start)
    measure.created_at = start
    return measure


# Summaries in plain language ("einfache Sprache") for some measures; the others show up in the
# planners' list of measures in consultation that still lack one.
PLAIN_SUMMARIES = {
    "Wohngeld-Schnellspur: Bescheid in sechs Wochen":
        "Wohngeld hilft bei der Miete. Bisher dauert der Antrag oft lange. Jetzt gibt es ein eigenes Team. "
        "Es prüft neue Anträge schnell. Sie bekommen nach sechs Wochen eine Antwort.",
    "Familienzentren im Sahlkamp und in Vahrenheide ausbauen":
        "Im Sahlkamp und in Vahrenheide gibt es mehr Plätze in der Kita. Dort gibt es auch Beratung. "
        "Eltern bekommen dort Hilfe bei Fragen zu Geld und Schule.",
    "Sozialticket für 19 Euro im Monat":
        "Bus und Bahn sind teuer. Mit wenig Geld soll das Ticket nur 19 Euro im Monat kosten. "
        "So können alle in der Stadt unterwegs sein.",
    "Härtefallfonds gegen Strom- und Gassperren":
        "Manche Menschen können Strom und Gas nicht bezahlen. Dann droht eine Sperre. "
        "Ein Fonds hilft in diesem Fall. Er bezahlt die Schulden für Sie.",
}

# Progress reports (Sachstände): (title, text, share of the measure's percent), oldest first. The
# measure's percent is that of its newest report, so the last entry carries the spec's value.
REPORT_STEPS = [
    ("Erste Schritte", "Die Arbeit hat begonnen. Zuständigkeiten und Zeitplan sind abgestimmt.", 0.5),
    ("Zwischenstand", "Die Maßnahme kommt wie geplant voran. Nächste Schritte sind terminiert.", 1.0),
]
# One measure in implementation whose last report is long past, so planners see "Sachstand überfällig".
OVERDUE_TITLE = "Härtefallfonds gegen Strom- und Gassperren"


def overdue_days_back():
    """How long ago the overdue measure last reported: well past the configured period."""
    return settings.PROGRESS_REPORT_OVERDUE_DAYS + 50


def _seed_progress_reports(measure, spec, by):
    if spec["progress"] <= 0 or measure.progress_reports.exists():
        return
    # Between the measure's creation and today (for the overdue one: long before today), oldest first.
    age = (timezone.now() - measure.created_at).days
    latest = 10 + (overdue_days_back() if spec["title"] == OVERDUE_TITLE else 0)
    earlier = max((age + latest) // 2, latest + 1)
    for days, (title, text, share) in zip([earlier, latest], REPORT_STEPS, strict=True):
        percent = round(spec["progress"] * share)
        if share < 1 and percent == 0:
            continue
        ProgressReport.objects.create(
            measure=measure, reported_on=timezone.localdate() - datetime.timedelta(days=days), title=title,
            text=f"{text} (Demo: Beispieldaten)", percent=percent, created_by=by, is_demo=True,
            created_at=timezone.now() - datetime.timedelta(days=days),
        )


# One measure told from start to finish, so its page shows the whole journey: workshop results, a
# draft, a consultation period with comments and the administration's answers, the adoption, the
# status changes, milestones reached and Sachstände reported by the lead organisation, and the
# development of its indicator in its two Stadtteile beside the city.
STORY = dict(
    title="Sozialberatung ohne Termin in Stöcken und Hainholz",
    summary="Fachkräfte beraten jede Woche im Stadtteiltreff zu Bürgergeld, Wohngeld und Kinderzuschlag – "
            "ohne Termin und ohne Unterlagen vorab.",
    description="Das Diakonische Werk und der Fachbereich Soziales bieten in den Stadtteiltreffs Stöcken und "
                "Hainholz offene Sprechstunden an. Wer kommt, wird beim Antrag begleitet; fehlende Unterlagen "
                "werden nachgereicht.\n\nDer Stadtteiltreff Hainholz folgt als zweiter Standort.",
    field="Existenzsicherung und Zugang zu Leistungen",
    groups=["Erwerbstätige mit geringem Einkommen", "Alleinerziehende"],
    places=["Stöcken", "Hainholz"], lead="Diakon", unit="Fachbereich Soziales", partners=["AWO"],
    cost="160000", funding="Haushalt der Landeshauptstadt, Teilhaushalt 50", priority="hoch",
    outcomes=["Sozialberatung direkt im Jobcenter-Wartebereich", "Erreichbarkeit der Ämter per Telefon"],
    indicators=[("sgb2-quote", "Mehr Berechtigte erhalten die Leistungen, die ihnen zustehen")],
    plain_summary="Sie haben Fragen zu Geld vom Amt? Kommen Sie in den Stadtteiltreff. Sie brauchen keinen "
                  "Termin. Wir helfen Ihnen beim Antrag.",
)
STORY_PERIOD_TITLE = "Erste Beteiligungsphase Aktionsplan (Demo)"
# (author e-mail, position, text, disposition, reasoning, share of the story's span)
STORY_COMMENTS = [
    (VERBAND, Comment.Position.PARTICIPATE,
     "Das Diakonische Werk übernimmt die Sprechstunde in Stöcken und stellt eine Sozialarbeiterin.",
     Response.Disposition.ADOPTED, "Vielen Dank. Das Diakonische Werk übernimmt die Federführung.", 0.15),
    (INITIATIVE, Comment.Position.ADDITION,
     "Bitte auch Hainholz einbeziehen: Dort fehlt eine Anlaufstelle am meisten.",
     Response.Disposition.PARTLY, "Hainholz wird zweiter Standort, sobald die erste Sprechstunde läuft.", 0.17),
]
STORY_REPLY = (VERBAND, "Der Stadtteiltreff Hainholz hat uns schon Räume angeboten.", 0.18)
# (share of the span, title, text, percent, milestone reached)
STORY_REPORTS = [
    (0.66, "Sprechstunde in Stöcken läuft",
     "Seit sechs Wochen kommen jeden Dienstag zwölf bis zwanzig Menschen. Die meisten Fragen betreffen "
     "Wohngeld und Kinderzuschlag.", 20, "Erste Sprechstunde in Stöcken"),
    (0.86, "Zweiter Standort in Hainholz eröffnet",
     "Auch in Hainholz gibt es jetzt jede Woche eine Sprechstunde. Bisher wurden 140 Anträge begleitet.",
     45, "Sprechstunde in Hainholz"),
]


def _story_span(event):
    """From the Fachtag to today, or a year back if the demo runs before or just after it."""
    today = timezone.localdate()
    days = (today - event.date).days if event else 0
    return days if days >= 60 else 365


def _backdate_version(measure, when):
    newest = Measure.history.filter(id=measure.pk).order_by("-history_date", "-history_id").first()
    Measure.history.filter(history_id=newest.history_id).update(history_date=when)


def _seed_story(context, event, planner, department):
    if Measure.objects.filter(title=STORY["title"], is_demo=True).exists():
        return None
    span = _story_span(event)
    base = timezone.now() - datetime.timedelta(days=span)

    def at(share):
        return base + datetime.timedelta(days=span * share)

    from district_statistics.models import Indicator

    areas, _citywide = _areas(STORY["places"])
    milestones = [(at(0.65).date(), STORY_REPORTS[0][4]), (at(0.85).date(), STORY_REPORTS[1][4]),
                  (timezone.localdate() + datetime.timedelta(days=90), "Auswertung nach einem Jahr")]
    data = services.MeasureInput(
        fields={
            "title": STORY["title"], "summary": STORY["summary"], "description": STORY["description"],
            "plain_summary": STORY["plain_summary"],
            "field_of_action": FieldOfAction.objects.get(name=STORY["field"]), "citywide": False,
            "lead_organisation": _organisation(context, STORY["lead"]), "lead_unit": STORY["unit"],
            "status": S.IDEA, "cost_estimate": Decimal(STORY["cost"]), "funding_source": STORY["funding"],
            "priority": STORY["priority"], "publication_state": P.DRAFT,
        },
        m2m={"target_groups": list(TargetGroup.objects.filter(name__in=STORY["groups"])), "areas": areas,
             "partners": [org for org in (_organisation(context, f) for f in STORY["partners"]) if org],
             "outcomes": list(Outcome.objects.filter(workshop__event=event, title__in=STORY["outcomes"]))
             if event else []},
        milestones=[{"date": day, "title": title, "done": False} for day, title in milestones],
        indicators=[{"indicator": indicator, "target_text": target} for key, target in STORY["indicators"]
                    if (indicator := Indicator.objects.filter(key=key).first())],
        status_note="Aus den Ergebnissen des Fachtags übernommen",
    )
    measure = services.measure_create(data=data, by=planner, is_demo=True)
    Measure.objects.filter(pk=measure.pk).update(created_at=at(0.05))
    _backdate_version(measure, at(0.05))
    StatusChange.objects.filter(measure=measure).update(changed_at=at(0.05))

    def change(fields, by, share, note=""):
        current = Measure.objects.get(pk=measure.pk)
        services.measure_update(measure=current, by=by, based_on_version=current.version,
                                data=services.MeasureInput(fields=fields, status_note=note))
        _backdate_version(current, at(share))
        if "status" in fields:
            StatusChange.objects.filter(measure=measure, status=fields["status"]).update(changed_at=at(share))

    change({"publication_state": P.CONSULTATION}, planner, 0.10)
    ConsultationPeriod.objects.get_or_create(
        title=STORY_PERIOD_TITLE, defaults={"starts_at": at(0.12), "ends_at": at(0.30),
                                            "description": "Erste Runde der Beteiligung (Demo)."})
    comments = []
    for email, position, text, disposition, reasoning, share in STORY_COMMENTS:
        author = context.users[email]
        comment = Comment.objects.create(
            measure=measure, author=author, text=text, position=position, is_demo=True,
            organisation=author.memberships.filter(confirmed=True).first().organisation)
        Comment.objects.filter(pk=comment.pk).update(created_at=at(share))
        response = Response.objects.create(comment=comment, disposition=disposition, reasoning=reasoning,
                                           responded_by=planner)
        Response.objects.filter(pk=response.pk).update(responded_at=at(0.25), updated_at=at(0.25))
        comments.append(comment)
    email, text, share = STORY_REPLY
    author = context.users[email]
    reply = Comment.objects.create(measure=measure, author=author, text=text, parent=comments[1], is_demo=True,
                                   organisation=author.memberships.filter(confirmed=True).first().organisation)
    Comment.objects.filter(pk=reply.pk).update(created_at=at(share))

    change({"publication_state": P.ADOPTED}, department, 0.40)
    change({"status": S.PLANNING}, planner, 0.45, "Träger und Räume stehen fest")
    change({"status": S.IMPLEMENTATION, "start_date": at(0.55).date()}, planner, 0.55, "Start in Stöcken")

    lead_member = context.users[VERBAND]
    measure = Measure.objects.get(pk=measure.pk)
    by_title = {m.title: m for m in measure.milestones.all()}
    for share, title, text, percent, milestone in STORY_REPORTS:
        report = services.progress_report_create(
            measure=measure, by=lead_member, title=title, text=f"{text} (Demo: Beispieldaten)", percent=percent,
            reported_on=at(share).date(), milestone=by_title[milestone], is_demo=True)
        ProgressReport.objects.filter(pk=report.pk).update(created_at=at(share))
        ProgressReport.history.filter(id=report.pk).update(history_date=at(share))
    Follow.objects.get_or_create(user=context.users[INITIATIVE], measure=measure)
    return measure


def seed(context):
    planner = context.users.get(PLANUNG)
    department = context.users.get(DEZERNAT)
    now = timezone.now()
    ConsultationPeriod.objects.get_or_create(
        title=PERIOD_TITLE,
        defaults={
            "starts_at": now - datetime.timedelta(days=14),
            "ends_at": now + datetime.timedelta(weeks=6),
            "description": "Wohlfahrtsverbände, Vereine, Initiativen und Wohnungswirtschaft kommentieren die "
                           "Maßnahmen in Beteiligung. Die Verwaltung beantwortet jeden Kommentar.",
        },
    )
    event = _event(context)
    measures = {}
    for spec in MEASURES:
        measure = Measure.objects.filter(title=spec["title"], is_demo=True).first()
        if measure is None:
            measure = _create_measure(spec, context, event, planner, department)
        elif not measure.plain_summary and spec["title"] in PLAIN_SUMMARIES:
            Measure.objects.filter(pk=measure.pk).update(plain_summary=PLAIN_SUMMARIES[spec["title"]])
        _seed_progress_reports(measure, spec, planner)
        measures[spec["title"]] = measure
    _seed_story(context, event, planner, department)

    comments = {}
    for title, email, position, text, disposition, reasoning, hidden_reason in COMMENTS:
        author = context.users[email]
        organisation = author.memberships.filter(confirmed=True).first().organisation
        comment, _ = Comment.objects.get_or_create(
            measure=measures[title], author=author, text=text, parent=None,
            defaults={"organisation": organisation, "position": position, "is_demo": True},
        )
        comments[text] = comment
        if disposition and not Response.objects.filter(comment=comment).exists():
            Response.objects.create(comment=comment, disposition=disposition, reasoning=reasoning,
                                    responded_by=planner)
        if hidden_reason and not comment.is_hidden:
            Comment.objects.filter(pk=comment.pk).update(hidden_at=now, hidden_by=planner, hidden_reason=hidden_reason)

    for parent_start, email, text in REPLIES:
        parent = next(c for key, c in comments.items() if key.startswith(parent_start))
        author = context.users[email]
        Comment.objects.get_or_create(
            measure=parent.measure, author=author, text=text, parent=parent,
            defaults={"organisation": author.memberships.filter(confirmed=True).first().organisation,
                      "is_demo": True},
        )

    # One report waits in the moderation queue; the hidden comment's report is already resolved.
    hidden = Comment.objects.filter(pk__in=[c.pk for c in comments.values()], hidden_at__isnull=False).first()
    if hidden is not None:
        CommentReport.objects.get_or_create(
            comment=hidden, reported_by=context.users[VERBAND],
            defaults={"reason": "Aufruf, private Adressen zu veröffentlichen.", "resolved_at": now},
        )
        reply = Comment.objects.filter(parent=hidden, is_demo=True).first()
        if reply is not None:
            CommentReport.objects.get_or_create(
                comment=reply, reported_by=context.users[INITIATIVE],
                defaults={"reason": "Bitte prüfen: Die Antwort bezieht sich auf einen ausgeblendeten Beitrag."},
            )
    Follow.objects.get_or_create(user=context.users[VERBAND],
                                 measure=measures["Familienzentren im Sahlkamp und in Vahrenheide ausbauen"])
    Follow.objects.get_or_create(user=context.users[INITIATIVE], measure=measures["Sozialticket für 19 Euro im Monat"])
    context.extra["measures"] = measures
