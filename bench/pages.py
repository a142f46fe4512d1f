"""Benchmark: the main pages served by gunicorn, against a bare Django view served by the same server.

Run with `make bench` (the bench data set must exist: `python bench/_data.py`, which `make bench`
runs first). For each data size, gunicorn (2 sync workers) serves the platform plus a view that only
returns "ok" through the same middleware (bench/_urls.py). wrk (Debian's package, installed by
`make bench` if missing) measures each page for a few seconds at concurrency 4; logged out and as
a planner (session cookie) take turns, and within a round every page measurement is followed by a
floor measurement. Printed per page: median p50 over the rounds, and the ratio page p50 / mean of
the floors right before and after it, as median with its spread (lowest–highest). 500 measures
for every page; 50 and 2,000 measures for the measure list to show the growth. Then the measure
list and the detail page under 50 connections for a minute each (wrk -c50), logged out and as a
planner: requests per second, p50/p99 and the number of failed answers (the script fails on any).

BENCH_ROUNDS (3), BENCH_SECONDS (3), BENCH_THROUGHPUT_SECONDS (60) and BENCH_PORT (8765) tune the
run; the whole takes about a quarter of an hour.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _scratch import GROWTH_SIZES, MEASURES, ROOT, bench_environment  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
FLOOR_SECONDS = 1  # the bare view answers thousands of times a second: one second is plenty
CONCURRENCY = 4
MODES = ("abgemeldet", "Planung")
# Targets of issue 15 (ratio to the floor, both modes).
TARGETS = {"Maßnahmen": 15, "Maßnahme": 10, "Workshop-Board": 20, "Ergebnisliste": 15, "Indikator": 15,
           "Gebietsprofil": 15, "Bedarf": 15, "Startseite": 10}
GROWTH_PAGES = ("Maßnahmen",)
# Throughput under 50 connections (issue 15: today 48 requests/s on the list, target three times that).
THROUGHPUT_CONNECTIONS = 50
THROUGHPUT_SECONDS = int(os.environ.get("BENCH_THROUGHPUT_SECONDS", "60"))
THROUGHPUT_PAGES = ("Maßnahmen", "Maßnahme")
THROUGHPUT_BEFORE = 48.0


def describe(measures):
    """Runs in a child process set up for one data size: the pages' URLs and a planner's session."""
    from _scratch import scratch_django

    _tmp = scratch_django(prefix="ht-bench-pages-", measures=measures)
    from _data import PLANNER
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from actionplan.models import Measure
    from core.models import Area, User
    from district_statistics.models import Indicator
    from workshops.models import Workshop

    measure = Measure.objects.annotate(n=Count("comments")).order_by("-n", "pk").first()
    workshop = Workshop.objects.annotate(n=Count("outcomes")).order_by("-n", "pk").first()
    indicator = Indicator.objects.filter(is_key_indicator=True).order_by("position").first()
    client = Client()
    client.force_login(User.objects.get(email=PLANNER))
    pages = {
        "Startseite": reverse("home"),
        "Maßnahmen": reverse("actionplan:index"),
        "Maßnahme": measure.get_absolute_url(),
        "Workshop-Board": workshop.get_absolute_url(),
        "Ergebnisliste": reverse("workshops:outcome_list"),
        "Indikator": indicator.get_absolute_url(),
        "Gebietsprofil": reverse("statistics:area_detail", args=[Area.objects.get(key="stadtteil-21").slug]),
        "Bedarf": reverse("actionplan:need_and_action"),
        "Abdeckung": reverse("actionplan:coverage"),
        "Berichte": reverse("reports:index"),
    }
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    print(json.dumps({"pages": pages, "cookie": cookie, "comments": measure.n, "outcomes": workshop.n}))


def wrk_binary():
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk fehlt: `make bench` installiert es (apt-get install wrk).")
    return found


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def run_wrk(url, cookie, seconds=SECONDS):
    command = [wrk_binary(), f"-t{min(2, CONCURRENCY)}", f"-c{CONCURRENCY}", f"-d{seconds}s", "--latency",
               "--timeout", "10s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    completed = int(re.search(r"(\d+) requests in", output).group(1))
    if completed < CONCURRENCY:
        # Too few answers for a median: measure this page longer rather than print a made-up figure.
        return run_wrk(url, cookie, seconds=seconds * 3)
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    if failed or errors:
        sys.exit(f"Fehler beim Messen von {url}: {failed.group(0) if failed else errors.group(0)}")
    return p50, rate


class Server:
    def __init__(self, measures, extra_env=None):
        self.measures = measures
        self.extra_env = extra_env or {}
        self.base = f"http://127.0.0.1:{PORT}"
        self.tmp = tempfile.TemporaryDirectory(prefix="ht-bench-gunicorn-")

    def __enter__(self):
        env = {**bench_environment(self.measures, media_root=f"{self.tmp.name}/media"), **self.extra_env}
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "_wsgi:application", "--pythonpath", str(ROOT / "bench"), "--chdir", str(ROOT),
             "--workers", "2", "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning", "--no-control-socket"],
            env=env, cwd=ROOT)
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{self.base}/__floor__/", timeout=10)
                return self
            except OSError:  # refused while booting, or a timeout on a busy machine
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    sys.exit("gunicorn ist nicht gestartet.")
                time.sleep(0.5)

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=30)
        self.tmp.cleanup()

    def check(self, path, cookie):
        request = urllib.request.Request(self.base + path, headers={"Cookie": cookie} if cookie else {})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read().decode()
        if response.status != 200 or (cookie is not None) != ("Abmelden" in body):
            sys.exit(f"{path}: Status {response.status} oder falsche Anmeldung – so wird nichts gemessen.")
        return len(body)


def measure_size(measures, labels, *, with_throughput=False):
    described = subprocess.run([sys.executable, __file__, "--describe", str(measures)], cwd=ROOT,
                               capture_output=True, text=True)
    if described.returncode:
        sys.exit(f"Der Bench-Datensatz mit {measures} Maßnahmen fehlt oder ist unlesbar (zuerst "
                 f"`python bench/_data.py`):\n{described.stderr[-1500:]}")
    info = json.loads(described.stdout.strip().splitlines()[-1])
    cookies = {"abgemeldet": None, "Planung": info["cookie"]}
    samples = {(label, mode): [] for label in ["floor", *labels] for mode in MODES}
    sizes = {}
    with Server(measures) as server:
        for mode in MODES:  # warm every worker and check every page answers 200 in this mode
            for label in labels:
                sizes[(label, mode)] = server.check(info["pages"][label], cookies[mode])
                run_wrk(server.base + info["pages"][label], cookies[mode], seconds=1)
        for round_number in range(ROUNDS):
            # Alternate which mode goes first, so neither always gets the quieter half of a round.
            modes = MODES if round_number % 2 == 0 else MODES[::-1]
            for mode in modes:
                # Page and floor strictly alternate: each page is divided by the floors measured
                # right before and right after it, so a neighbour's burst hits both sides alike.
                floor, _ = run_wrk(server.base + "/__floor__/", cookies[mode], seconds=FLOOR_SECONDS)
                samples[("floor", mode)].append((floor, 1.0))
                for label in labels:
                    p50, _ = run_wrk(server.base + info["pages"][label], cookies[mode])
                    after, _ = run_wrk(server.base + "/__floor__/", cookies[mode], seconds=FLOOR_SECONDS)
                    samples[("floor", mode)].append((after, 1.0))
                    samples[(label, mode)].append((p50, p50 / ((floor + after) / 2)))
                    floor = after
        throughput = {(label, mode): run_throughput(server.base + info["pages"][label], cookies[mode])
                      for label in THROUGHPUT_PAGES if with_throughput for mode in MODES}
    return info, samples, sizes, throughput


def run_throughput(url, cookie):
    """wrk at 50 connections for a minute: requests per second, p50/p99 and every failed answer."""
    command = [wrk_binary(), "-t2", f"-c{THROUGHPUT_CONNECTIONS}", f"-d{THROUGHPUT_SECONDS}s", "--latency",
               "--timeout", "10s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {"rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50": _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
            "p99": _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
            "errors": (int(failed.group(1)) if failed else 0) + (sum(map(int, errors.groups())) if errors else 0)}


def summary(values):
    ratios = [ratio for _p50, ratio in values]
    return statistics.median(p50 for p50, _ratio in values), statistics.median(ratios), min(ratios), max(ratios)


def main():
    load = os.getloadavg()[0]
    print(f"Seiten unter gunicorn (2 Worker), wrk mit {CONCURRENCY} Verbindungen, {ROUNDS} Runden × {SECONDS} s "
          f"je Seite und Modus; Systemlast {load:.1f} bei {os.cpu_count()} Kernen")
    labels = ["Startseite", "Maßnahmen", "Maßnahme", "Workshop-Board", "Ergebnisliste",
              "Indikator", "Gebietsprofil", "Bedarf", "Abdeckung", "Berichte"]
    info, samples, sizes, throughput = measure_size(MEASURES, labels, with_throughput=True)
    print(f"\n{MEASURES} Maßnahmen (Maßnahme mit {info['comments']} Kommentaren, Board mit {info['outcomes']} "
          "Ergebnissen). p50 in ms; Verhältnis zur Untergrenze: Median (Spanne)")
    print(f"{'Seite':<16}" + "".join(f"{mode:>34}" for mode in MODES) + f"{'Ziel':>8}")
    for label in ["floor", *labels]:
        cells = []
        for mode in MODES:
            p50, ratio, low, high = summary(samples[(label, mode)])
            cells.append(f"{p50:8.2f} ms {ratio:6.1f}× ({low:5.1f}–{high:5.1f})")
        target = f"≤ {TARGETS[label]}×" if label in TARGETS else ""
        print(f"{'bare view' if label == 'floor' else label:<16}" + "".join(f"{c:>34}" for c in cells)
              + f"{target:>8}")

    print(f"\nDurchsatz: wrk -t2 -c{THROUGHPUT_CONNECTIONS} -d{THROUGHPUT_SECONDS}s, gunicorn mit 2 Workern "
          f"(vorher {THROUGHPUT_BEFORE:.0f} Anfragen/s auf der Liste; Ziel: mindestens das Dreifache, 0 Fehler)")
    failures = 0
    for (label, mode), run in throughput.items():
        failures += run["errors"]
        print(f"  {label:<10} {mode:<11} {run['rate']:7.1f} Anfragen/s ({run['rate'] / THROUGHPUT_BEFORE:.1f} × vorher)"
              f"  p50 {run['p50']:7.1f} ms  p99 {run['p99']:7.1f} ms  Fehler {run['errors']}")

    print("\nWachstum der Maßnahmenliste (Verhältnis zur Untergrenze / p50, Median):")
    growth = {MEASURES: samples}
    for measures in GROWTH_SIZES:
        growth[measures] = measure_size(measures, list(GROWTH_PAGES))[1]
    for label in GROWTH_PAGES:
        for mode in MODES:
            figures = {m: summary(growth[m][(label, mode)]) for m in sorted(growth)}
            row = " → ".join(f"{ratio:.0f}× / {p50:.0f} ms ({m:,})".replace(",", ".")
                             for m, (p50, ratio, _low, _high) in figures.items())
            print(f"  {label}, {mode}: {row}")
    return 1 if failures else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--describe"]:
        describe(int(sys.argv[2]))
    else:
        sys.exit(main())
