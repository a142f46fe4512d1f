from pathlib import Path

from django.core.management.base import BaseCommand

from district_statistics.geo import BOUNDARIES_FILE, write_boundaries


class Command(BaseCommand):
    help = ("Vereinfacht die Grenzen der Stadtteile und Stadtbezirke einmal und speichert sie für Karten "
            "und Open-Data-Schnittstelle. Nach jedem Austausch der GeoJSON-Quellen erneut ausführen.")

    def add_arguments(self, parser):
        parser.add_argument("--ausgabe", type=Path, default=BOUNDARIES_FILE,
                            help=f"Zieldatei (Standard: {BOUNDARIES_FILE.name} neben den Quellen)")

    def handle(self, *args, **options):
        path = options["ausgabe"]
        content = write_boundaries(path)
        counts = ", ".join(f"{len(shapes)} {level}" for level, shapes in content["levels"].items())
        self.stdout.write(self.style.SUCCESS(f"Gespeichert: {path} ({counts})."))
