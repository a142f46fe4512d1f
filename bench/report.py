"""Benchmark: the PDF report, against the floor of WeasyPrint alone on the very same HTML.

Run with `make bench` (the bench data set must exist: `python bench/_data.py`). The report of the
200 adopted measures of the 500-measure data set, with 15 years of statistics and the consultation
appendix (4,000 comments on the page's measures), is built through the same service the Celery task
calls; the floor renders the finished HTML of the same report with WeasyPrint alone, with the same
process tuning (reports/pdf_runtime.py). Every run is a fresh process, so each has its own peak
memory and none inherits the caches of another; build and floor take turns (BENCH_REPORT_ROUNDS,
default 2). Then WeasyPrint on parts of the document (without maps, without the statistics chapter,
without the appendix, without hyphenation) shows what costs the time and memory, the largest plan
the settings allow (REPORT_MAX_MEASURES) is built once for its peak memory, and a 2,000-measure
plan is checked for the refusal. Targets (issue 15): ≤ 10 s, ≤ 400 MB peak, build ≤ 1.15 × floor.
"""

import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _scratch import GROWTH_SIZES, MEASURES, ROOT, bench_environment  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_REPORT_ROUNDS", "2"))
TARGET_SECONDS = 10.0
TARGET_MB = 400
TARGET_RATIO = 1.15
REPORT_OPTIONS = {"states": ["beschlossen"], "consultation": True, "statistics": True}
ALL_OPTIONS = {"states": ["entwurf", "beteiligung", "beschlossen"], "consultation": True, "statistics": True}


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _setup(measures=MEASURES):
    from _scratch import scratch_django

    tmp = scratch_django(prefix="ht-bench-report-", measures=measures)
    from reports.pdf_runtime import prepare_report_process

    # What a worker process does when it starts (the embedded mode did it in AppConfig.ready too).
    prepare_report_process()
    return tmp


def _department():
    from _data import DEPARTMENT

    from core.models import User

    return User.objects.get(email=DEPARTMENT)


def _warm():
    """Paid once per worker process, not per report: fonts, hyphenation dictionary, map outlines."""
    from io import BytesIO

    from weasyprint import HTML

    from district_statistics.geo import geometry

    HTML(string="<html lang='de'><title>x</title><p style='hyphens: auto; width: 2cm'>"
                "Armutsbekämpfung Teilhabemöglichkeiten</p></html>").write_pdf(BytesIO())
    geometry("stadtteil")


def child_build(options, measures=MEASURES):
    _tmp = _setup(measures)
    from reports import services
    from reports.models import ReportExport

    _warm()
    before = _peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    result = services.request_build(by=_department(), options=options)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    export = ReportExport.objects.get(pk=result.export.pk)
    assert export.status == ReportExport.Status.DONE, export.error
    return {"wall": wall, "cpu": cpu, "peak": _peak_mb(), "base": before, "pages": export.page_count,
            "kb": export.file_size / 1024}


def child_html(path):
    _tmp = _setup()
    from reports import services
    from reports.models import ReportExport
    from reports.selectors import ReportOptions

    options = ReportOptions.from_dict(REPORT_OPTIONS)
    export = ReportExport(requested_by=_department(), options=options.as_dict(), is_draft=False)
    Path(path).write_text(services.render_report_html(export=export), encoding="utf-8")
    return {}


def child_floor(path):
    _tmp = _setup()
    from io import BytesIO

    from reports import services

    html = Path(path).read_text(encoding="utf-8")
    _warm()
    before = _peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    document = services.render_pdf(html)
    layout, layout_cpu = _peak_mb(), time.process_time() - cpu
    target = BytesIO()
    services.write_pdf(document, target)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"wall": wall, "cpu": cpu, "peak": _peak_mb(), "base": before, "pages": len(document.pages),
            "kb": len(target.getvalue()) / 1024, "layout": layout,
            "layout_cpu": layout_cpu}


def child_refusal(measures):
    _tmp = _setup(measures)
    from django.core.exceptions import ValidationError

    from reports import services
    from reports.models import ReportExport

    try:
        services.request_build(by=_department(), options=ALL_OPTIONS)
    except ValidationError as refusal:
        return {"refused": refusal.messages[0], "exports": ReportExport.objects.count()}
    return {"refused": ""}


def run_child(*args, measures=MEASURES):
    output = subprocess.run([sys.executable, __file__, "--child", *args], cwd=ROOT, env=bench_environment(measures),
                            capture_output=True, text=True)
    if output.returncode:
        sys.exit(f"Lauf {' '.join(args)} fehlgeschlagen:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


# Parts of the document, cut out of the finished HTML (see reports/templates/reports/print/report.html).
def _without_section(html, section_id):
    start = html.index(f'id="{section_id}"')
    start = html.rindex("<section", 0, start)
    end = html.index('<section class="chapter', start + 10)
    return html[:start] + html[end:]


VARIANTS = {
    "ohne Karten (12 SVG-Karten)": lambda h: re.sub(r"<figure class=\"map\".*?</figure>", "", h, flags=re.S),
    "ohne Statistik-Kapitel": lambda h: _without_section(h, "statistik"),
    "ohne Anhang Beteiligung": lambda h: _without_section(h, "beteiligung"),
    "ohne Silbentrennung": lambda h: h.replace("hyphens: auto", "hyphens: manual"),
}


def line(label, run):
    return (f"  {label:<32} {run['wall']:6.2f} s Wandzeit {run['cpu']:6.2f} s CPU  {run['peak']:6.0f} MB Spitze "
            f"(vor dem Bericht {run['base']:4.0f} MB"
            + (f"; Setzen {run['layout_cpu']:.1f} s CPU, danach {run['layout']:4.0f} MB" if "layout" in run else "")
            + f")  {run['pages']:5d} Seiten  {run['kb']:6.0f} KB")


def main():
    load = os.getloadavg()[0]
    print(f"PDF-Bericht: 200 beschlossene Maßnahmen aus dem Bench-Datensatz, 15 Jahre Statistik, Anhang; "
          f"Systemlast {load:.1f} bei {os.cpu_count()} Kernen; jeder Lauf ein eigener Prozess")
    with tempfile.TemporaryDirectory(prefix="ht-bench-report-html-") as tmp:
        html_path = f"{tmp}/report.html"
        run_child("html", html_path)
        builds, floors = [], []
        for round_number in range(ROUNDS):
            # Alternate which goes first, so neither always meets the same neighbours on the machine.
            order = ("build", "floor") if round_number % 2 == 0 else ("floor", "build")
            for kind in order:
                run = run_child("build", json.dumps(REPORT_OPTIONS)) if kind == "build" else \
                    run_child("floor", html_path)
                (builds if kind == "build" else floors).append(run)
                print(line(f"{'Auftrag' if kind == 'build' else 'nur WeasyPrint'} (Runde {round_number + 1})", run))
        ratios = [b["wall"] / f["wall"] for b, f in zip(builds, floors, strict=True)]
        cpu_ratios = [b["cpu"] / f["cpu"] for b, f in zip(builds, floors, strict=True)]
        build_s = statistics.median(b["wall"] for b in builds)
        peak = max(b["peak"] for b in builds)
        print(f"  Auftrag: Median {build_s:.2f} s (Ziel ≤ {TARGET_SECONDS:.0f} s), Spitze {peak:.0f} MB "
              f"(Ziel ≤ {TARGET_MB} MB); Verhältnis zu WeasyPrint allein: Median {statistics.median(ratios):.2f} × "
              f"Wandzeit ({min(ratios):.2f}–{max(ratios):.2f}), {statistics.median(cpu_ratios):.2f} × CPU "
              f"(Ziel ≤ {TARGET_RATIO} ×)")

        print("\nWeasyPrint allein auf Teilen desselben Dokuments (je ein Lauf):")
        full = floors[0]
        print(line("ganzes Dokument", full))
        html = Path(html_path).read_text(encoding="utf-8")
        for label, cut in VARIANTS.items():
            variant = f"{tmp}/variant.html"
            Path(variant).write_text(cut(html), encoding="utf-8")
            print(line(label, run_child("floor", variant)))

    limit = int(os.environ.get("REPORT_MAX_MEASURES", "500"))
    print(f"\nGrößter erlaubter Bericht (REPORT_MAX_MEASURES = {limit}): alle Stände des Datensatzes")
    print(line("Auftrag, alle 500 Maßnahmen", run_child("build", json.dumps(ALL_OPTIONS))))
    largest = max(GROWTH_SIZES)
    refusal = run_child("refusal", str(largest), measures=largest)
    print(f"\n{largest:,} Maßnahmen: ".replace(",", ".")
          + (f"abgelehnt, bevor etwas gebaut wird (kein Auftrag angelegt):\n  „{refusal['refused']}“"
             if refusal["refused"] and not refusal["exports"] else "NICHT abgelehnt"))
    return 0 if refusal["refused"] else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        kind, *rest = sys.argv[2:]
        if kind == "build":
            result = child_build(json.loads(rest[0]))
        elif kind == "html":
            result = child_html(rest[0])
        elif kind == "floor":
            result = child_floor(rest[0])
        else:
            result = child_refusal(int(rest[0]))
        print(json.dumps(result))
    else:
        sys.exit(main())
