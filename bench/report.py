"""Benchmark: the PDF report for a large plan, against the floor of WeasyPrint rendering alone.

Run with `make bench` (never by the tests). Builds its own data in a throwaway SQLite database:
200 measures, 1,000 comments, 51 Stadtteile × 12 key indicators. Builds the report through the
same service the Celery task calls (in-process, no broker), then renders the very same finished
HTML with WeasyPrint alone. Prints wall time, peak memory, pages and the ratio to that floor.
Targets: at most 15 s and at most 1.2 × the floor.
"""

import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

from _scratch import scratch_django  # noqa: E402

_tmp = scratch_django(prefix="ht-bench-report-")

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

MEASURES = 200
COMMENTS = 1000
INDICATORS = 12
TARGET_SECONDS = 15.0
TARGET_RATIO = 1.2


def build_data():
    from django.contrib.auth.models import Group

    from actionplan.models import Comment, Measure, MeasureIndicator, Milestone, ProgressReport, Response
    from core.models import Area, FieldOfAction, Organisation, User
    from core.permissions import DEPARTMENT_GROUP
    from district_statistics.models import Indicator, NonTakeUpEstimate, Value
    from reports.models import ReportSettings
    from workshops.models import Event, Outcome, Workshop

    rng = random.Random(2026)
    user = User.objects.create_user("bench-dezernat@example.org", "x", display_name="Bench Dezernat")
    user.groups.add(Group.objects.get_or_create(name=DEPARTMENT_GROUP)[0])
    settings = ReportSettings.load()
    settings.intro_text = "Einleitung für den Benchmark.\n\n" + "Armut und Teilhabe in Hannover. " * 40
    settings.save()

    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Träger {i} e. V.", kind=Organisation.Kind.WELFARE) for i in range(30))
    fields = list(FieldOfAction.objects.all()) or FieldOfAction.objects.bulk_create(
        FieldOfAction(name=f"Handlungsfeld {i}", position=i) for i in range(10))
    quarters = list(Area.objects.filter(kind=Area.Kind.QUARTER))
    city = Area.objects.get(kind=Area.Kind.CITY)

    event = Event.objects.create(title="Fachtag Armut und Teilhabe", slug="bench-fachtag", date=date(2026, 9, 18),
                                 is_public=True)
    workshops = [Workshop.objects.create(event=event, number=n, title=f"Workshop {n}", participant_count=25)
                 for n in range(1, 5)]
    kinds = [Outcome.Kind.WORKS, Outcome.Kind.IMPROVE, Outcome.Kind.URGENT]
    outcomes = Outcome.objects.bulk_create(
        Outcome(workshop=workshops[i % 4], kind=kinds[i % 3], title=f"Ergebnis {i}: Zugang zu Beratung verbessern",
                description="Beschreibung des Ergebnisses aus dem Workshop.", weight=i % 12,
                field_of_action=fields[i % len(fields)]) for i in range(160))

    states = [Measure.Publication.ADOPTED, Measure.Publication.CONSULTATION, Measure.Publication.DRAFT]
    measures = Measure.objects.bulk_create(
        Measure(reference=f"M-2026-{i + 1:03d}", title=f"Maßnahme {i + 1}: Teilhabe im Quartier stärken",
                summary="Kurzbeschreibung: Beratung, Begleitung und Zugang zu Leistungen im Stadtteil.",
                description="Ausführliche Beschreibung der Maßnahme mit Zielen, Vorgehen und Beteiligten. " * 3,
                field_of_action=fields[i % len(fields)], lead_organisation=orgs[i % len(orgs)],
                lead_unit="Fachbereich Soziales", status=rng.choice(list(Measure.Status.values)),
                start_date=date(2027, 1, 1) + timedelta(days=i),
                end_date=date(2028, 12, 31), cost_estimate=Decimal(rng.randrange(5_000, 900_000)),
                funding_source="Haushalt der Landeshauptstadt", publication_state=states[i % 3])
        for i in range(MEASURES))
    Partner = Measure.partners.through
    Partner.objects.bulk_create(Partner(measure=m, organisation=orgs[(i + k) % len(orgs)])
                                for i, m in enumerate(measures) for k in (1, 2))
    AreaLink = Measure.areas.through
    AreaLink.objects.bulk_create(AreaLink(measure=m, area=quarters[(i + k) % len(quarters)])
                                 for i, m in enumerate(measures) for k in (0, 7, 19))
    OutcomeLink = Measure.outcomes.through
    OutcomeLink.objects.bulk_create(OutcomeLink(measure=m, outcome=outcomes[(i * 3) % 150])
                                    for i, m in enumerate(measures))
    ProgressReport.objects.bulk_create(ProgressReport(measure=m, title="Sachstand", text="Zwischenstand.",
                                                      percent=rng.randrange(0, 101, 5)) for m in measures)
    Milestone.objects.bulk_create(Milestone(measure=m, date=date(2027, 3, 1) + timedelta(days=90 * k),
                                            title=f"Meilenstein {k + 1}", done=k == 0)
                                  for m in measures for k in range(2))

    indicators = Indicator.objects.bulk_create(
        Indicator(key=f"bench-{k}", name=f"Indikator {k + 1}", unit=Indicator.Unit.PERCENT, decimals=1,
                  source_publisher="Landeshauptstadt Hannover", licence="CC BY 4.0", is_key_indicator=True,
                  is_example_data=True, position=k, counts_benefit_recipients=k < 2, suppression_threshold=10)
        for k in range(INDICATORS))
    Value.objects.bulk_create(
        Value(indicator=ind, area=area, year=2025, value=Decimal(rng.randrange(10, 400)) / 10,
              numerator=Decimal(rng.randrange(5, 4000)))
        for ind in indicators for area in [*quarters, city])
    NonTakeUpEstimate.objects.bulk_create(
        NonTakeUpEstimate(indicator=ind, rate_low=Decimal("34"), rate_high=Decimal("43"), source="IAB 2013")
        for ind in indicators[:2])
    MeasureIndicator.objects.bulk_create(MeasureIndicator(measure=m, indicator=indicators[i % INDICATORS],
                                                          target_text="Quote senken")
                                         for i, m in enumerate(measures))

    positions = list(Comment.Position.values)
    comments = Comment.objects.bulk_create(
        Comment(measure=measures[i % MEASURES], organisation=orgs[i % len(orgs)], author=user,
                position=positions[i % len(positions)],
                text=f"Stellungnahme {i}: Wir unterstützen die Maßnahme und regen an, Beratung auch aufsuchend "
                     "anzubieten und die Träger im Stadtteil früh einzubinden.")
        for i in range(COMMENTS))
    Comment.objects.filter(pk__in=[c.pk for c in comments[::40]]).update(hidden_at=timezone.now())
    dispositions = list(Response.Disposition.values)
    Response.objects.bulk_create(Response(comment=c, disposition=dispositions[i % 4], responded_by=user,
                                          reasoning="Die Anregung wird in der Umsetzung berücksichtigt.")
                                 for i, c in enumerate(comments) if i % 3)
    return user


def main():
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        user = build_data()

    from weasyprint import HTML

    from district_statistics.geo import geometry
    from reports import services
    from reports.models import ReportExport

    # Paid once per worker process, not per report: fonts, the German hyphenation dictionary and
    # the simplified map outlines. Warmed here so both timings below measure one report.
    HTML(string="<html lang='de'><title>x</title><p style='hyphens: auto; width: 2cm'>"
                "Armutsbekämpfung Teilhabemöglichkeiten</p></html>").write_pdf(BytesIO())
    geometry("stadtteil")

    options = {"states": ["entwurf", "beteiligung", "beschlossen"], "consultation": True, "statistics": True}
    start, cpu_start = time.perf_counter(), time.process_time()
    result = services.request_build(by=user, options=options)
    total, total_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    export = ReportExport.objects.get(pk=result.export.pk)
    assert export.status == ReportExport.Status.DONE, export.error
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    html = services.render_report_html(export=export)
    start, cpu_start = time.perf_counter(), time.process_time()
    # The floor gets the same garbage-collector tuning as the build: WeasyPrint at its best.
    with services.fewer_gc_pauses():
        document = services.render_pdf(html)
        services.write_pdf(document, BytesIO())
    floor, floor_cpu = time.perf_counter() - start, time.process_time() - cpu_start

    ratio = total / floor
    # On a busy machine wall time says more about the neighbours than about the report: the
    # CPU time of this process is printed beside it.
    load = os.getloadavg()[0]
    print(f"Bericht: {MEASURES} Maßnahmen, {COMMENTS} Kommentare, 51 Stadtteile × {INDICATORS} Indikatoren")
    print(f"  Seiten:                 {export.page_count}")
    print(f"  Dateigröße:             {export.file_size / 1024:.0f} KB")
    print(f"  Laufzeit (Auftrag):     {total:.2f} s Wandzeit, {total_cpu:.2f} s CPU   (Ziel ≤ {TARGET_SECONDS:.0f} s)")
    print(f"  nur WeasyPrint:         {floor:.2f} s Wandzeit, {floor_cpu:.2f} s CPU")
    cpu_ratio = total_cpu / floor_cpu
    print(f"  Verhältnis:             {ratio:.2f} × Wandzeit, {cpu_ratio:.2f} × CPU  (Ziel ≤ {TARGET_RATIO} ×)")
    print(f"  Systemlast (1 min):     {load:.1f} bei {os.cpu_count()} Kernen")
    print(f"  Speicher (Spitze, RSS): {peak_mb:.0f} MB")
    ok = total <= TARGET_SECONDS and ratio <= TARGET_RATIO
    print("  Ziel erreicht." if ok else "  ZIEL VERFEHLT.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
