"""Benchmark: importing a 5,000-row flip-chart transcription into one workshop.

Run with `make bench`. Runs on the bench scratch database (bench/_scratch.py) and removes what it
imported. Prints the time to read and check
the file (the preview) and to save it, and fails if the whole import takes longer than the limit.
"""

import io
import sys
import time

from _scratch import scratch_django  # noqa: E402

_tmp = scratch_django(prefix="ht-bench-outcomes-")

from django.core.management import call_command  # noqa: E402

ROWS = 5_000
LIMIT_SECONDS = 15.0


def build_csv():
    lines = ["Art;Titel;Beschreibung;Handlungsfeld;Zielgruppen;Stadtteile/Bezirke;Gewichtung;bestehendes Angebot"]
    kinds = ["erfolgreich", "Verbesserungsbedarf", "dringend"]
    for number in range(ROWS):
        kind = kinds[number % 3]
        offer = "Familienzentrum" if kind == "erfolgreich" else ""
        lines.append(f"{kind};Ergebnis {number};Text {number};Wohnen;Alleinerziehende|Ältere Menschen;"
                     f"Sahlkamp, Bezirk Linden-Limmer;{number % 20};{offer}")
    upload = io.BytesIO("\n".join(lines).encode("utf-8"))
    upload.name = "bench.csv"
    return upload


def main():
    call_command("migrate", verbosity=0, interactive=False)
    from hannover_teilhabe.tabular import read_table
    from workshops.models import Event, Outcome, Workshop
    from workshops.services import outcome_import, parse_import

    event, _ = Event.objects.get_or_create(slug="bench", defaults={"title": "Bench", "date": "2026-01-01"})
    workshop, _ = Workshop.objects.get_or_create(event=event, number=1, defaults={"title": "Bench"})
    workshop.outcomes.all().delete()

    started = time.perf_counter()
    rows = read_table(build_csv())
    preview = parse_import(rows, workshop=workshop)
    checked = time.perf_counter() - started
    assert preview.ok, preview.error_rows[:3]
    created = outcome_import(workshop=workshop, rows=rows, by=None)
    total = time.perf_counter() - started
    assert len(created) == ROWS and Outcome.objects.filter(workshop=workshop).count() == ROWS
    print(f"Import von {ROWS:,} Workshop-Ergebnissen".replace(",", "."))
    print(f"{'Datei lesen und prüfen (Vorschau)':<44} {checked:6.2f} s")
    print(f"{'Vorschau und Speichern zusammen':<44} {total:6.2f} s")
    # The shared bench data set stays as _data.py built it: the pages benchmark must not see these.
    event.delete()
    if total > LIMIT_SECONDS:
        print(f"ZU LANGSAM: {total:.1f} s für {ROWS} Zeilen (Grenze {LIMIT_SECONDS:.0f} s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
