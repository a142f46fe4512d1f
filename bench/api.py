"""Benchmark: the open-data API under gunicorn, against the floor of a bare Django view.

Run with `make bench`. Builds the demo plus 15 indicators × 51 Stadtteile × 12 years of values in a
throwaway database (SQLite, or BENCH_DATABASE_URL; never DATABASE_URL), starts gunicorn on
127.0.0.1 (BENCH_API_PORT, default 8180), and requests the bare view, the measure list, one page of
1,000 values and the full download of all 9,180 values. Prints median and spread (min–max) and the
ratio to the bare view against the target (≤ TARGET_RATIO×; on a busy machine both sides move, so a
miss is reported, not fatal), and fails if a page costs more queries once there are more rows.
"""

import http.client
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from _scratch import scratch_django  # noqa: E402

_tmp = scratch_django(prefix="ht-bench-api-")

from django.core.management import call_command  # noqa: E402

HERE = Path(__file__).resolve().parent
PORT = int(os.environ.get("BENCH_API_PORT", "8180"))
ROUNDS = 25
DOWNLOAD_ROUNDS = 5
INDICATORS, YEARS = 15, range(2013, 2025)
TARGET_RATIO = 15


def build_indicators():
    from district_statistics.models import Indicator

    return [
        Indicator.objects.create(key=f"bench-{n}", name=f"Benchmark-Indikator {n}", unit=Indicator.Unit.PERCENT,
                                 licence="Datenlizenz Deutschland – Namensnennung 2.0", suppression_threshold=5,
                                 source_publisher="Landeshauptstadt Hannover", position=100 + n)
        for n in range(INDICATORS)
    ]


def build_values(indicators, years):
    from core.models import Area
    from district_statistics.models import Value

    quarters = list(Area.objects.filter(kind=Area.Kind.QUARTER))
    Value.objects.bulk_create(
        Value(indicator=indicator, area=area, year=year, value=Decimal((area.pk * 7 + year) % 400) / 10,
              numerator=Decimal(area.pk * 3 + year % 50), denominator=Decimal(1000 + area.pk))
        for indicator in indicators for area in quarters for year in years
    )
    return len(quarters) * len(indicators) * len(years)


def fetch(path):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept": "application/json"})
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    assert response.status == 200, (path, response.status, body[:300])
    return elapsed, body


def sample(path, rounds):
    fetch(path)  # warm caches, as a running server would be
    return [fetch(path)[0] for _ in range(rounds)]


def wait_for_server(process):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn hat sich beendet, bevor es Anfragen annahm.")
        try:
            fetch("/__floor__/")
            return
        except (ConnectionError, OSError):
            time.sleep(0.2)
    raise SystemExit("gunicorn antwortet nicht.")


def query_counts(indicator_pk):
    """Queries of one values page and of the measure list, before and after adding rows."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def count(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    return count("/api/v1/massnahmen/"), count(f"/api/v1/werte/?indikator={indicator_pk}"), count("/api/v1/werte/")


def main():
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    indicators = build_indicators()
    total = build_values(indicators, YEARS[:1])
    small = query_counts(indicators[0].pk)
    total += build_values(indicators, YEARS[1:])
    large = query_counts(indicators[0].pk)
    env = {**os.environ, "OPEN_DATA_RATE": "1000000/hour", "PYTHONPATH": f"{HERE}{os.pathsep}{HERE.parent}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "_api_server:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "1", "--log-level", "warning"],
        env=env, cwd=HERE.parent,
    )
    try:
        wait_for_server(server)
        floor = sample("/__floor__/", ROUNDS)
        rows = [
            ("Maßnahmenliste", "/api/v1/massnahmen/", ROUNDS, True),
            ("Werte, 1.000 je Seite", "/api/v1/werte/", ROUNDS, True),
            (f"Download Werte CSV ({total:,} Werte)".replace(",", "."), "/api/v1/downloads/werte.csv",
             DOWNLOAD_ROUNDS, False),
            (f"Download Werte JSON ({total:,} Werte)".replace(",", "."), "/api/v1/downloads/werte.json",
             DOWNLOAD_ROUNDS, False),
        ]
        floor_median = statistics.median(floor)
        print(f"{'Anfrage':<34} {'Median':>10} {'Spanne':>20} {'× Untergrenze':>14}")
        print(f"{'bare view':<34} {floor_median:>7.2f} ms {min(floor):>8.2f}–{max(floor):>7.2f} ms {1:>13.1f}×")
        failures, misses = [], []
        for label, path, rounds, targeted in rows:
            samples = sample(path, rounds)
            median = statistics.median(samples)
            ratio = median / floor_median
            print(f"{label:<34} {median:>7.2f} ms {min(samples):>8.2f}–{max(samples):>7.2f} ms {ratio:>13.1f}×")
            if targeted and ratio > TARGET_RATIO:
                misses.append(f"{label}: {ratio:.1f}×")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"Abfragen je Seite (Maßnahmen, Werte eines Indikators, alle Werte): {small} → {large}")
    if small != large:
        failures.append("Die Zahl der Abfragen wächst mit den Daten.")
    print(f"Ziel ≤ {TARGET_RATIO}× der Untergrenze: " + ("verfehlt – " + "; ".join(misses) if misses else "erreicht"))
    if failures:
        raise SystemExit("Ziel verfehlt: " + "; ".join(failures))


if __name__ == "__main__":
    main()
