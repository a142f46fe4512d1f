from django.core.management.base import BaseCommand

from district_statistics.geo import BOUNDARIES_FILE, write_boundaries


class Command(BaseCommand):
    help = ("Vereinfacht die Grenzen der Stadtteile und Stadtbezirke einmal und speichert sie für Karten "
            "und Open-Data-Schnittstelle. Nach jedem Austausch der GeoJSON-Quellen erneut ausführen.")

    def handle(self, *args, **options):
        content = write_boundaries()
        counts = ", ".join(f"{len(shapes)} {level}" for level, shapes in content["levels"].items())
        self.stdout.write(self.style.SUCCESS(f"Gespeichert: {BOUNDARIES_FILE.name} ({counts})."))
