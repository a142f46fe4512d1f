"""Master data shipped with the platform: Hannover's areas and sensible German defaults."""

import csv
from pathlib import Path

from django.utils.text import slugify

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def german_slugify(text):
    """'Groß-Buchholz' → 'gross-buchholz', as people spell it in a URL (slugify alone drops letters)."""
    return slugify(text.translate(_UMLAUTS))

DATA_DIR = Path(__file__).resolve().parent / "data" / "hannover"
DISTRICTS_CSV = DATA_DIR / "districts.csv"
GEODATA_ATTRIBUTION = "Geodaten: Landeshauptstadt Hannover, Bereich Geoinformation, CC BY 4.0"

FIELDS_OF_ACTION = [
    "Existenzsicherung und Zugang zu Leistungen",
    "Wohnen",
    "Bildung",
    "Gesundheit",
    "Arbeit",
    "Mobilität",
    "Kultur und Freizeit",
    "Quartier und Nachbarschaft",
    "Familie",
    "Beratung und Einzelfallhilfe",
]

TARGET_GROUPS = [
    "Kinder und Jugendliche",
    "Alleinerziehende",
    "Familien mit mehreren Kindern",
    "Ältere Menschen",
    "Menschen mit Behinderung",
    "Wohnungslose",
    "Geflüchtete",
    "Erwerbslose",
    "Erwerbstätige mit geringem Einkommen",
]


def read_districts():
    """Rows of (bezirk_nr, bezirk_name, stadtteil_nr, stadtteil_name) as ints and strings."""
    with DISTRICTS_CSV.open(encoding="utf-8", newline="") as fh:
        return [
            (int(row["bezirk_nr"]), row["bezirk_name"], int(row["stadtteil_nr"]), row["stadtteil_name"])
            for row in csv.DictReader(fh)
        ]


PRIVACY_TEXT = (
    "Wir verarbeiten personenbezogene Daten nur, soweit sie für die Beteiligung am "
    "Aktionsplan nötig sind: E-Mail-Adresse und Name für das Konto, Mitgliedschaften in "
    "Organisationen, Kommentare mit der Organisation, in deren Namen sie verfasst werden, "
    "Abonnements von Maßnahmen und Meldungen an das Moderationsteam.\n\n"
    "Kommentare sind öffentlich sichtbar, sobald die Maßnahme in Beteiligung ist.\n\n"
    "Auskunft und Datenübertragbarkeit (Art. 15 und 20 DSGVO): Angemeldet laden Sie unter "
    "„Mein Konto“ jederzeit alles, was die Plattform zu Ihrem Konto speichert – Profil, "
    "Mitgliedschaften, Kommentare, Abonnements, Ihre Meldungen und weitere Einträge, die auf "
    "Ihr Konto verweisen – als maschinenlesbare JSON-Datei herunter.\n\n"
    "Löschung (Art. 17 DSGVO): Unter „Mein Konto“ löschen Sie Ihr Konto selbst, nachdem Sie "
    "Ihr Passwort erneut eingegeben haben. Gelöscht werden Ihr Konto mit E-Mail-Adresse, Name "
    "und Passwort, Ihre Mitgliedschaften und Ihre Abonnements. Ihre Kommentare und Antworten "
    "bleiben stehen, weil sie zur Beteiligung Ihrer Organisation gehören: Sie erscheinen im "
    "Namen der Organisation und nennen Sie nur noch als „ehemaliges Mitglied“. Meldungen, die "
    "Sie an das Moderationsteam geschickt haben, bleiben als Vorgang ohne Ihre Person erhalten.\n\n"
    "Die Plattform lädt keine Inhalte von fremden Servern und setzt nur technisch "
    "notwendige Cookies (Sitzung, Schutz vor Fälschung von Formularen)."
)

# The privacy text before accounts could be deleted by their owners; a migration replaces it only
# where nobody has edited it since.
PRIVACY_TEXT_BEFORE_SELF_SERVICE = (
    "Wir verarbeiten personenbezogene Daten nur, soweit sie für die Beteiligung am "
    "Aktionsplan nötig sind: E-Mail-Adresse und Name für das Konto, Kommentare mit der "
    "Organisation, in deren Namen sie verfasst werden.\n\n"
    "Kommentare sind öffentlich sichtbar, sobald die Maßnahme in Beteiligung ist. "
    "Sie können Ihr Konto jederzeit löschen lassen; wenden Sie sich dazu an die "
    "Koordinationsstelle Sozialplanung.\n\n"
    "Die Plattform lädt keine Inhalte von fremden Servern und setzt nur technisch "
    "notwendige Cookies (Sitzung, Schutz vor Fälschung von Formularen)."
)

SITE_PAGES = {
    "impressum": (
        "Impressum",
        "Landeshauptstadt Hannover\nDer Oberbürgermeister\nSozialdezernat – Koordinationsstelle "
        "Sozialplanung\nTrammplatz 2, 30159 Hannover\n\n"
        "Verantwortlich für den Inhalt: Koordinationsstelle Sozialplanung. "
        "Die Plattform dient der gemeinsamen Erarbeitung des Aktionsplans gegen Armut.",
    ),
    "datenschutz": (
        "Datenschutz",
        PRIVACY_TEXT,
    ),
    "barrierefreiheit": (
        "Erklärung zur Barrierefreiheit",
        "Die Landeshauptstadt Hannover ist bemüht, diese Plattform im Einklang mit dem "
        "Niedersächsischen Behindertengleichstellungsgesetz barrierefrei zugänglich zu machen.\n\n"
        "Alle Seiten lassen sich mit der Tastatur bedienen; jede Karte und jedes Diagramm hat "
        "eine Tabelle mit denselben Zahlen. Wenn Ihnen Barrieren auffallen, schreiben Sie uns: "
        "sozialplanung@hannover-stadt.de.",
    ),
}


def load_master_data(apps):
    """Create what is missing; the migration calls it with historical models, tests after a flush."""
    Area = apps.get_model("core", "Area")
    Group = apps.get_model("auth", "Group")
    FieldOfAction = apps.get_model("core", "FieldOfAction")
    TargetGroup = apps.get_model("core", "TargetGroup")
    SitePage = apps.get_model("core", "SitePage")

    for name in ("Planung", "Dezernat", "Koordinationsstelle"):
        Group.objects.get_or_create(name=name)

    city, _ = Area.objects.get_or_create(
        key="stadt",
        defaults={"kind": "stadt", "name": "Hannover (Gesamtstadt)", "slug": "gesamtstadt"},
    )
    districts = {}
    for bezirk_nr, bezirk_name, stadtteil_nr, stadtteil_name in read_districts():
        if bezirk_nr not in districts:
            districts[bezirk_nr], _ = Area.objects.get_or_create(
                key=f"bezirk-{bezirk_nr}",
                defaults={
                    "kind": "bezirk", "number": bezirk_nr, "name": bezirk_name, "parent": city,
                    "slug": german_slugify(f"stadtbezirk {bezirk_name}"),
                },
            )
        Area.objects.get_or_create(
            key=f"stadtteil-{stadtteil_nr}",
            defaults={
                "kind": "stadtteil", "number": stadtteil_nr, "name": stadtteil_name,
                "parent": districts[bezirk_nr], "slug": german_slugify(f"stadtteil {stadtteil_name}"),
            },
        )

    for position, name in enumerate(FIELDS_OF_ACTION, start=1):
        FieldOfAction.objects.get_or_create(name=name, defaults={"position": position})
    for position, name in enumerate(TARGET_GROUPS, start=1):
        TargetGroup.objects.get_or_create(name=name, defaults={"position": position})
    for slug, (title, body) in SITE_PAGES.items():
        SitePage.objects.get_or_create(slug=slug, defaults={"title": title, "body": body})
