"""The demo Fachtag „Armut und Teilhabe“ with its four workshops. Idempotent: keyed by slug, number, title."""

import datetime

from core.areas import AreaResolver
from core.models import FieldOfAction, TargetGroup
from workshops import services
from workshops.models import Event, Outcome, Workshop

EVENT_SLUG = "fachtag-armut-und-teilhabe-2026"

W, IMP, U = Outcome.Kind.WORKS, Outcome.Kind.IMPROVE, Outcome.Kind.URGENT
CITY = "gesamtstädtisch"

# number, title, topic, moderators, participants, notes
WORKSHOPS = [
    (1, "Existenzsicherung und Zugang zu Leistungen",
     "Wie kommen Menschen an die Leistungen, die ihnen zustehen – Bürgergeld, Wohngeld, Kinderzuschlag, "
     "Bildung und Teilhabe?",
     "Sabine Krüger (Fachbereich Soziales), Tarek Yilmaz (Diakonie)", 31,
     "Großer Konsens: Viele Leistungen werden nicht abgerufen, weil Anträge zu kompliziert sind und "
     "Beratung zu spät kommt."),
    (2, "Wohnen und Quartier",
     "Bezahlbarer Wohnraum, Energieschulden, Nachbarschaft und Treffpunkte im Stadtteil.",
     "Jens Albers (Wohnungsgenossenschaft), Miriam Osei (Quartiersmanagement)", 27,
     "Die Stadtteiltreffs werden als Rückgrat der Nachbarschaftsarbeit gesehen."),
    (3, "Bildung, Kinder und Familien",
     "Chancengerechtigkeit von der Kita bis zum Schulabschluss, Unterstützung von Familien.",
     "Claudia Neumann (Fachbereich Jugend und Familie), Pavel Nowak (AWO)", 34,
     "Familienzentren und Schulsozialarbeit wurden mehrfach als Erfolg genannt."),
    (4, "Gesundheit, Teilhabe und Mobilität",
     "Gesundheitliche Versorgung, Mobilität und kulturelle Teilhabe für Menschen mit wenig Geld.",
     "Dr. Helga Brandt (Gesundheitsamt), Ali Demir (Initiative Sahlkamp)", 24,
     "Das Sozialticket ist bekannt, aber für viele immer noch zu teuer."),
]

# workshop number → (kind, title, description, field of action, target groups, places, weight, existing offer)
OUTCOMES = {
    1: [
        (W, "Sozialberatung direkt im Jobcenter-Wartebereich",
         "Die Sprechstunden der Wohlfahrtsverbände im Jobcenter Nord erreichen Menschen, die sonst nie in eine "
         "Beratungsstelle kämen.", "Beratung und Einzelfallhilfe", ["Erwerbslose"], ["Vahrenheide", "Sahlkamp"],
         8, "Sozialberatung im Jobcenter Nord"),
        (W, "Mehrsprachige Lotsinnen und Lotsen für Anträge",
         "Ehrenamtliche Lotsinnen begleiten zu Ämtern und helfen beim Ausfüllen.",
         "Existenzsicherung und Zugang zu Leistungen", ["Geflüchtete"], ["Mühlenberg", "Linden-Süd"], 6,
         "Sprach- und Kulturlotsen"),
        (W, "Bildung-und-Teilhabe-Beratung in Familienzentren",
         "BuT-Anträge werden dort gestellt, wo Familien ohnehin sind.", "Familie",
         ["Familien mit mehreren Kindern", "Alleinerziehende"], CITY, 5, "Familienzentren der Stadt"),
        (IMP, "Anträge auf Wohngeld dauern zu lange",
         "Bearbeitungszeiten von mehreren Monaten führen zu Mietschulden.",
         "Existenzsicherung und Zugang zu Leistungen", ["Erwerbstätige mit geringem Einkommen"], CITY, 12, ""),
        (IMP, "Formulare in leichter Sprache",
         "Bescheide und Anträge sind für viele unverständlich; Leichte Sprache und Übersetzungen fehlen.",
         "Existenzsicherung und Zugang zu Leistungen", ["Menschen mit Behinderung", "Geflüchtete"], CITY, 9, ""),
        (IMP, "Kinderzuschlag ist kaum bekannt",
         "Viele erwerbstätige Eltern wissen nicht, dass sie Anspruch haben.", "Familie",
         ["Erwerbstätige mit geringem Einkommen", "Alleinerziehende"], CITY, 7, ""),
        (IMP, "Erreichbarkeit der Ämter per Telefon",
         "Rückrufe bleiben aus; digitale Terminvergabe schließt Menschen ohne Smartphone aus.",
         "Existenzsicherung und Zugang zu Leistungen", ["Ältere Menschen"], CITY, 4, ""),
        (U, "Verdeckte Armut bei Älteren",
         "Viele ältere Menschen beantragen keine Grundsicherung aus Scham.",
         "Existenzsicherung und Zugang zu Leistungen", ["Ältere Menschen"], ["Stöcken", "Mittelfeld"], 11, ""),
        (U, "Keine Anlaufstelle für Menschen ohne Konto",
         "Ohne Girokonto scheitern Auszahlungen und Mietverträge.", "Beratung und Einzelfallhilfe",
         ["Wohnungslose"], ["Mitte"], 6, ""),
    ],
    2: [
        (W, "Stadtteiltreffs als offene Wohnzimmer",
         "Kostenlose Räume, Mittagstisch und Beratung unter einem Dach.", "Quartier und Nachbarschaft",
         ["Ältere Menschen", "Familien mit mehreren Kindern"], ["Sahlkamp", "Hainholz"], 9,
         "Stadtteiltreff Sahlkamp"),
        (W, "Quartiersmanagement im Sozialen-Stadt-Gebiet",
         "Feste Ansprechpersonen vor Ort bündeln Beteiligung und Angebote.", "Quartier und Nachbarschaft", [],
         ["Mühlenberg"], 5, "Quartiersmanagement Mühlenberg"),
        (W, "Mieterberatung der Genossenschaften",
         "Frühe Gespräche bei Mietrückständen verhindern Kündigungen.", "Wohnen",
         ["Erwerbstätige mit geringem Einkommen"], ["Vahrenheide"], 4, "Sozialmanagement der Wohnungsgenossenschaft"),
        (IMP, "Mehr Belegungsrechte für Haushalte mit Wohnberechtigungsschein",
         "Zu wenig geförderte Wohnungen in allen Stadtbezirken.", "Wohnen",
         ["Familien mit mehreren Kindern", "Alleinerziehende"], CITY, 13, ""),
        (IMP, "Treffpunkte am Abend und am Wochenende",
         "Viele Treffs schließen um 16 Uhr; Berufstätige kommen nicht.", "Quartier und Nachbarschaft",
         ["Erwerbstätige mit geringem Einkommen"], ["Linden-Süd", "Bemerode"], 5, ""),
        (IMP, "Barrierefreie Wohnungen fehlen",
         "Ältere Menschen bleiben in ungeeigneten Wohnungen, weil es keine Alternativen gibt.", "Wohnen",
         ["Ältere Menschen", "Menschen mit Behinderung"], CITY, 6, ""),
        (U, "Energieschulden und drohende Stromsperren",
         "Nach den Preissteigerungen häufen sich Sperrandrohungen; ein Härtefallfonds fehlt.", "Wohnen",
         ["Erwerbstätige mit geringem Einkommen", "Familien mit mehreren Kindern"], CITY, 15, ""),
        (U, "Zwangsräumungen von Familien mit Kindern",
         "Die Prävention greift oft zu spät, weil Informationen nicht weitergegeben werden.", "Wohnen",
         ["Familien mit mehreren Kindern"], ["Stöcken", "Hainholz"], 10, ""),
        (U, "Notunterkünfte für Frauen überfüllt",
         "Wohnungslose Frauen finden keinen geschützten Schlafplatz.", "Wohnen", ["Wohnungslose"], ["Mitte"], 8, ""),
    ],
    3: [
        (W, "Familienzentren in benachteiligten Stadtteilen",
         "Beratung, Elterncafé und Kita unter einem Dach erreichen Familien früh.", "Familie",
         ["Familien mit mehreren Kindern", "Alleinerziehende"], ["Vahrenheide", "Mühlenberg", "Mittelfeld"], 14,
         "Familienzentrum Vahrenheide"),
        (W, "Schulsozialarbeit an allen Grundschulen",
         "Frühe Hilfe bei Konflikten und Armutsfolgen im Schulalltag.", "Bildung", ["Kinder und Jugendliche"],
         CITY, 9, "Schulsozialarbeit"),
        (W, "Kostenloses Mittagessen in Ganztagsschulen",
         "Die Teilnahmequote ist seit der Gebührenfreiheit deutlich gestiegen.", "Bildung",
         ["Kinder und Jugendliche"], CITY, 7, "Mittagessen über Bildung und Teilhabe"),
        (IMP, "Lernförderung unbürokratisch bewilligen",
         "Nachhilfe über Bildung und Teilhabe wird oft zu spät genehmigt.", "Bildung", ["Kinder und Jugendliche"],
         CITY, 8, ""),
        (IMP, "Mehr Kita-Plätze im Sahlkamp",
         "Wartelisten verhindern, dass Mütter eine Arbeit aufnehmen.", "Familie", ["Alleinerziehende"],
         ["Sahlkamp"], 10, ""),
        (IMP, "Digitale Ausstattung für Schülerinnen und Schüler",
         "Leihgeräte reichen nicht; WLAN fehlt in vielen Haushalten.", "Bildung", ["Kinder und Jugendliche"],
         ["Bezirk Linden-Limmer", "Hainholz"], 6, ""),
        (IMP, "Übergang Schule – Ausbildung begleiten",
         "Jugendliche ohne Abschluss verlieren den Kontakt zu allen Hilfen.", "Arbeit", ["Kinder und Jugendliche"],
         ["Stöcken"], 5, ""),
        (U, "Kinderarmut bei Alleinerziehenden",
         "Jedes zweite Kind von Alleinerziehenden in Hannover ist armutsgefährdet.", "Familie",
         ["Alleinerziehende", "Kinder und Jugendliche"], CITY, 16, ""),
        (U, "Schulmaterial zum Schuljahresbeginn",
         "Das Schulbedarfspaket deckt die tatsächlichen Kosten nicht.", "Bildung", ["Kinder und Jugendliche"],
         CITY, 7, ""),
        (U, "Fehlende Sprachförderung vor der Einschulung",
         "Kinder ohne Kita-Platz kommen ohne Deutschkenntnisse in die Schule.", "Bildung",
         ["Geflüchtete", "Kinder und Jugendliche"], ["Mühlenberg", "Bemerode"], 9, ""),
    ],
    4: [
        (W, "Gesundheitskiosk als Lotse ins Gesundheitssystem",
         "Beratung in mehreren Sprachen, Vermittlung an Ärztinnen und Ärzte.", "Gesundheit",
         ["Geflüchtete", "Ältere Menschen"], ["Mühlenberg"], 8, "Gesundheitskiosk"),
        (W, "Hannover-Aktiv-Pass",
         "Ermäßigungen für Bäder, Museen und Sportvereine werden gut genutzt.", "Kultur und Freizeit",
         ["Erwerbslose", "Familien mit mehreren Kindern"], CITY, 6, "Hannover-Aktiv-Pass"),
        (W, "Mobile Zahnprophylaxe in Kitas", "Früherkennung erreicht alle Kinder unabhängig vom Einkommen.",
         "Gesundheit", ["Kinder und Jugendliche"], CITY, 4, "Zahnärztlicher Dienst der Region"),
        (IMP, "Sozialticket günstiger machen",
         "Auch das ermäßigte Monatsticket übersteigt den Regelsatzanteil für Mobilität.", "Mobilität",
         ["Erwerbslose", "Erwerbstätige mit geringem Einkommen"], CITY, 14, ""),
        (IMP, "Sportvereine öffnen für Kinder aus armen Familien",
         "Beiträge und Ausrüstung sind Hürden; Patenschaften könnten helfen.", "Kultur und Freizeit",
         ["Kinder und Jugendliche"], ["Linden-Süd"], 5, ""),
        (IMP, "Psychosoziale Beratung wohnortnah",
         "Wartezeiten auf Therapieplätze von über sechs Monaten.", "Gesundheit", ["Erwerbslose"], CITY, 7, ""),
        (U, "Kinderärztliche Versorgung im Hannoverschen Norden",
         "Praxen nehmen keine neuen Patientinnen und Patienten mehr auf.", "Gesundheit",
         ["Kinder und Jugendliche", "Familien mit mehreren Kindern"], ["Vahrenheide", "Sahlkamp", "Stöcken"], 12, ""),
        (U, "Einsamkeit älterer Menschen mit kleiner Rente",
         "Ohne Geld für Café oder Ausflug bleiben viele allein zu Hause.", "Quartier und Nachbarschaft",
         ["Ältere Menschen"], ["Mittelfeld", "Bemerode"], 9, ""),
        (U, "Keine Krankenversicherung bei EU-Zugewanderten",
         "Menschen ohne Versicherungsschutz gehen erst im Notfall zum Arzt.", "Gesundheit", ["Geflüchtete"],
         ["Mitte"], 6, ""),
    ],
}


def _areas(places):
    if places == CITY:
        return [], True
    resolver = AreaResolver()
    return [resolver.get(name) for name in places], False


def seed(context):
    planner = context.users.get("planung@demo.hannover-teilhabe.de")
    event, _created = Event.objects.get_or_create(
        slug=EVENT_SLUG,
        defaults={
            "title": "Fachtag „Armut und Teilhabe“",
            "date": datetime.date(2026, 3, 18),
            "place": "Neues Rathaus Hannover, Trammplatz 2, 30159 Hannover",
            "organiser": "Landeshauptstadt Hannover, Sozialdezernat – Koordinationsstelle Sozialplanung",
            "description": (
                "Rund 120 Fachleute aus Verwaltung, Wohlfahrtsverbänden, Initiativen und Wohnungswirtschaft "
                "haben in vier Workshops zusammengetragen, was gegen Armut in Hannover bereits hilft, wo "
                "nachgebessert werden muss und welche Probleme dringend angegangen werden müssen.\n\n"
                "Die Ergebnisse sind die Grundlage für den Aktionsplan gegen Armut."
            ),
            "is_public": True,
            "is_demo": True,
        },
    )
    context.extra["event"] = event
    organisations = list(context.organisations.values())
    fields = {item.name: item for item in FieldOfAction.objects.all()}
    groups = {item.name: item for item in TargetGroup.objects.all()}
    context.extra["workshops"] = {}
    for number, title, topic, moderators, participants, notes in WORKSHOPS:
        workshop, created = Workshop.objects.get_or_create(
            event=event, number=number,
            defaults={"title": title, "topic": topic, "moderators": moderators,
                      "participant_count": participants, "notes": notes},
        )
        if created and organisations:
            workshop.organisations.set(organisations[1 + (number % 3):][:3])
        context.extra["workshops"][number] = workshop
        existing = set(workshop.outcomes.values_list("title", flat=True))
        for kind, o_title, description, field_name, group_names, places, weight, offer in OUTCOMES[number]:
            if o_title in existing:
                continue
            areas, citywide = _areas(places)
            services.outcome_create(
                workshop=workshop, by=planner, kind=kind, title=o_title, description=description,
                existing_offer=offer, field_of_action=fields.get(field_name),
                target_groups=[groups[name] for name in group_names], areas=areas, citywide=citywide,
                weight=weight,
            )
