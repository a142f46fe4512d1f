"""Benchmark: the open-data API under gunicorn, against the floor of a bare Django view.

Run with `make bench` on the shared bench data set (bench/_data.py: 500 measures, 12 indicators
× 65 areas × 15 years = 11,700 values); nothing is added to it. gunicorn (2 sync workers, the same
server as bench/pages.py) serves the API beside a bare view; wrk measures the measure list, one page
of 1,000 values and the full downloads of all values as CSV and JSON, each followed by the floor, in
BENCH_ROUNDS alternating rounds, twice: as the public's repeated reads meet them (answers from the
shared cache, opendata/answers.py) and with every answer built afresh (the cache switched off).
Printed: median p50, its spread and the ratio to the floor (target ≤ 15× for the two API pages, in
both modes; the downloads are reported, their size is the point). Then the queries
each API page costs on the 50-, 500- and 2,000-measure data sets: the script fails if they grow.
"""

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages  # noqa: E402
from _scratch import GROWTH_SIZES, MEASURES, ROOT, bench_environment  # noqa: E402

TARGET_RATIO = 15
PATHS = {
    "Maßnahmenliste": "/api/v1/massnahmen/",
    "Werte, 1.000 je Seite": "/api/v1/werte/",
    "Download Werte CSV": "/api/v1/downloads/werte.csv",
    "Download Werte JSON": "/api/v1/downloads/werte.json",
}
TARGETED = ("Maßnahmenliste", "Werte, 1.000 je Seite")


def count_queries(measures):
    """Runs in a child process set up for one data size: queries per API page after one warm-up."""
    from _scratch import scratch_django

    os.environ["OPEN_DATA_CACHE_SECONDS"] = "0"  # what building an answer costs, not a cache hit
    _tmp = scratch_django(prefix="ht-bench-api-", measures=measures)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from district_statistics.models import Indicator, Value

    client = Client()
    indicator = Indicator.objects.filter(is_published=True).order_by("position", "pk").first()
    counts = {}
    for label, path in [("Maßnahmen", "/api/v1/massnahmen/"), ("Werte eines Indikators",
                                                                 f"/api/v1/werte/?indikator={indicator.pk}"),
                        ("alle Werte", "/api/v1/werte/")]:
        client.get(path)  # caches a running server already holds (choices, site flags)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200, path
        counts[label] = len(captured)
    print(json.dumps({"counts": counts, "values": Value.objects.count()}))


def _child(measures):
    output = subprocess.run([sys.executable, __file__, "--count", str(measures)], cwd=ROOT,
                            env=bench_environment(measures), capture_output=True, text=True)
    if output.returncode:
        sys.exit(f"Der Bench-Datensatz mit {measures} Maßnahmen fehlt oder ist unlesbar (zuerst "
                 f"`python bench/_data.py`):\n{output.stderr[-1500:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


MODES = {
    # The public's repeated reads: anonymous answers come from the shared cache (opendata/answers.py).
    "wiederholt (Cache)": {},
    # Every answer built afresh, as after a change or for an address nobody asked for yet.
    "neu gebaut": {"OPEN_DATA_CACHE_SECONDS": "0"},
}


def measure_mode(extra_env):
    samples = {label: [] for label in PATHS}
    floors = []
    with pages.Server(MEASURES, extra_env) as server:
        for path in PATHS.values():
            pages.run_wrk(server.base + path, None, seconds=1)  # warm both workers
        for _round in range(pages.ROUNDS):
            floor, _ = pages.run_wrk(server.base + "/__floor__/", None, seconds=pages.FLOOR_SECONDS)
            floors.append(floor)
            for label, path in PATHS.items():
                p50, _ = pages.run_wrk(server.base + path, None)
                after, _ = pages.run_wrk(server.base + "/__floor__/", None, seconds=pages.FLOOR_SECONDS)
                floors.append(after)
                samples[label].append((p50, p50 / ((floor + after) / 2)))
                floor = after
    return samples, floors


def main():
    values = _child(MEASURES)["values"]
    count = f"{values:,}".replace(",", ".")
    print(f"Offene-Daten-Schnittstelle unter gunicorn (2 Worker), wrk mit {pages.CONCURRENCY} Verbindungen, "
          f"{pages.ROUNDS} Runden; {MEASURES} Maßnahmen, {count} Werte; nicht angemeldet")
    misses = []
    for mode, extra_env in MODES.items():
        samples, floors = measure_mode(extra_env)
        print(f"\n{mode}:")
        print(f"{'Anfrage':<26} {'p50':>11} {'× Untergrenze (Spanne)':>26}")
        print(f"{'bare view':<26} {statistics.median(floors):>8.2f} ms {1:>13.1f}×")
        for label, values_ in samples.items():
            p50, ratio, low, high = pages.summary(values_)
            targeted = label in TARGETED
            print(f"{label:<26} {p50:>8.2f} ms {ratio:>13.1f}× ({low:.1f}–{high:.1f})"
                  + (f"   Ziel ≤ {TARGET_RATIO}×" if targeted else ""))
            if targeted and ratio > TARGET_RATIO:
                misses.append(f"{label} ({mode}): {ratio:.1f}×")
    print(f"\nZiel ≤ {TARGET_RATIO}× der Untergrenze: " + ("verfehlt – " + "; ".join(misses) if misses else "erreicht"))

    counts = {size: _child(size)["counts"] for size in sorted((*GROWTH_SIZES, MEASURES))}
    print("Abfragen je Seite bei " + " / ".join(f"{size:,}".replace(",", ".") for size in counts)
          + " Maßnahmen: " + "; ".join(f"{label} " + " / ".join(str(c[label]) for c in counts.values())
                                      for label in next(iter(counts.values()))))
    if len({json.dumps(c, sort_keys=True) for c in counts.values()}) > 1:
        sys.exit("Ziel verfehlt: Die Zahl der Abfragen wächst mit den Daten.")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--count"]:
        count_queries(int(sys.argv[2]))
    else:
        sys.exit(main())
