"""Master data shipped with the platform: Hannover's areas and sensible German defaults."""

import csv
from pathlib import Path

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
