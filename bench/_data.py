"""The one bench data set of issue 15, built once into the scratch database and shared by every script.

    python bench/_data.py            # build what is missing (500 measures, and 50 / 2,000 for growth)
    python bench/_data.py --rebuild  # drop the scratch databases and build them again

500 measures (200 adopted, 200 in consultation, 100 drafts), 5,000 comments (one measure with 60,
a third answered), 337 workshop outcomes (85 on the largest board), 51 Stadtteile × 12 key
indicators × 15 years (plus the 13 Stadtbezirke and the city). The growth sizes keep the same
shape: ten comments per measure and the same outcomes and statistics. Everything is made up,
deterministic (fixed seed) and marked as example data.
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _scratch import GROWTH_SIZES, MEASURES, ROOT, bench_database_url, bench_environment  # noqa: E402

# 2: the detail page's measure has exactly 60 comments (version 1 gave it 70).
# 4: rebuilt when planner statistics came in (ANALYZE now runs before every run, see analyze()).
VERSION = 4
PASSWORD = "Bench-Teilhabe-2026"
PLANNER = "bench-planung@example.org"
DEPARTMENT = "bench-dezernat@example.org"
OUTCOMES = 337
BOARD_OUTCOMES = 85
INDICATORS = 12
YEARS = range(2010, 2025)
DETAIL_COMMENTS = 60


def marker(measures):
    return f"bench-dataset-v{VERSION}-{measures}"


def _admin_connection(url):
    import psycopg

    base, _, name = url.rpartition("/")
    return psycopg.connect(f"{base}/postgres", autocommit=True), name


def recreate_database(url):
    import psycopg

    try:
        connection, name = _admin_connection(url)
    except psycopg.OperationalError as exc:
        sys.exit(f"PostgreSQL ist für die Benchmarks nicht erreichbar ({url}): {str(exc).strip()[:200]}. "
                 "Starten mit: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start")
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def is_built(url, measures):
    import psycopg

    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as connection:
            row = connection.execute("SELECT 1 FROM workshops_event WHERE slug = %s", [marker(measures)]).fetchone()
            return row is not None
    except psycopg.Error:
        return False


def build(measures):  # noqa: PLR0915 - one straight recipe reads better than ten fragments
    import random
    from datetime import date, timedelta
    from decimal import Decimal

    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from actionplan.models import Comment, Measure, MeasureIndicator, Milestone, ProgressReport, Response
    from core.models import Area, FieldOfAction, Organisation, TargetGroup, User
    from core.permissions import DEPARTMENT_GROUP, PLANNING_GROUP
    from district_statistics.models import Indicator, NonTakeUpEstimate, Value
    from reports.models import ReportSettings
    from workshops.models import Event, Outcome, Workshop

    comments_total = 5000 if measures == MEASURES else measures * 10
    rng = random.Random(2026)
    with transaction.atomic():
        planner = User.objects.create_user(PLANNER, PASSWORD, display_name="Bench Planung")
        planner.groups.add(Group.objects.get_or_create(name=PLANNING_GROUP)[0])
        department = User.objects.create_user(DEPARTMENT, PASSWORD, display_name="Bench Dezernat")
        department.groups.add(Group.objects.get_or_create(name=DEPARTMENT_GROUP)[0])
        report_settings = ReportSettings.load()
        report_settings.intro_text = ("Einleitung für den Benchmark.\n\n"
                                      + "Armut und Teilhabe in Hannover. " * 40)
        report_settings.save()

        orgs = Organisation.objects.bulk_create(
            Organisation(name=f"Träger {i} e. V.", kind=Organisation.Kind.WELFARE) for i in range(30))
        fields = list(FieldOfAction.objects.order_by("position")) or FieldOfAction.objects.bulk_create(
            FieldOfAction(name=f"Handlungsfeld {i}", position=i) for i in range(10))
        groups = list(TargetGroup.objects.all()) or TargetGroup.objects.bulk_create(
            TargetGroup(name=f"Zielgruppe {i}") for i in range(8))
        quarters = list(Area.objects.filter(kind=Area.Kind.QUARTER).order_by("number"))
        every_area = list(Area.objects.all())

        event = Event.objects.create(title="Fachtag Armut und Teilhabe", slug=marker(measures),
                                     date=date(2026, 9, 18), is_public=True)
        workshops = [Workshop.objects.create(event=event, number=n, title=f"Workshop {n}", participant_count=25)
                     for n in range(1, 5)]
        kinds = [Outcome.Kind.WORKS, Outcome.Kind.IMPROVE, Outcome.Kind.URGENT]
        # The first workshop's board carries 85 outcomes, the others share the rest.
        owner = [0] * BOARD_OUTCOMES + [1 + i % 3 for i in range(OUTCOMES - BOARD_OUTCOMES)]
        outcomes = Outcome.objects.bulk_create(
            Outcome(workshop=workshops[owner[i]], kind=kinds[i % 3], title=f"Ergebnis {i}: Zugang zu Beratung",
                    description="Beschreibung des Ergebnisses aus dem Workshop, wie am Flipchart notiert.",
                    weight=i % 12, field_of_action=fields[i % len(fields)]) for i in range(OUTCOMES))
        OutcomeArea = Outcome.areas.through
        OutcomeArea.objects.bulk_create(OutcomeArea(outcome=o, area=quarters[i % len(quarters)])
                                        for i, o in enumerate(outcomes))

        # 40 % adopted, 40 % in consultation, 20 % drafts: 200 / 200 / 100 at 500 measures.
        def state(i):
            return [Measure.Publication.ADOPTED, Measure.Publication.CONSULTATION][i % 2] if i % 5 else \
                Measure.Publication.DRAFT

        built = Measure.objects.bulk_create(
            Measure(reference=f"M-2026-{i + 1:04d}", title=f"Maßnahme {i + 1}: Teilhabe im Quartier stärken",
                    summary="Kurzbeschreibung: Beratung, Begleitung und Zugang zu Leistungen im Stadtteil.",
                    description="Ausführliche Beschreibung der Maßnahme mit Zielen, Vorgehen und Beteiligten. " * 3,
                    field_of_action=fields[i % len(fields)], lead_organisation=orgs[i % len(orgs)],
                    lead_unit="Fachbereich Soziales", status=rng.choice(list(Measure.Status.values)),
                    start_date=date(2027, 1, 1) + timedelta(days=i % 700),
                    end_date=date(2028, 12, 31), cost_estimate=Decimal(rng.randrange(5_000, 900_000)),
                    funding_source="Haushalt der Landeshauptstadt", publication_state=state(i))
            for i in range(measures))
        Partner = Measure.partners.through
        Partner.objects.bulk_create(Partner(measure=m, organisation=orgs[(i + k) % len(orgs)])
                                    for i, m in enumerate(built) for k in (1, 2))
        Groups = Measure.target_groups.through
        Groups.objects.bulk_create(Groups(measure=m, targetgroup=groups[i % len(groups)]) for i, m in enumerate(built))
        AreaLink = Measure.areas.through
        AreaLink.objects.bulk_create(AreaLink(measure=m, area=quarters[(i + k) % len(quarters)])
                                     for i, m in enumerate(built) for k in (0, 7, 19))
        OutcomeLink = Measure.outcomes.through
        OutcomeLink.objects.bulk_create(OutcomeLink(measure=m, outcome=outcomes[(i * 3) % (OUTCOMES - 30)])
                                        for i, m in enumerate(built))
        Milestone.objects.bulk_create(Milestone(measure=m, date=date(2027, 3, 1) + timedelta(days=90 * k),
                                                title=f"Meilenstein {k + 1}", done=k == 0)
                                      for m in built for k in range(2))
        # A measure's percent is its latest progress report's (no second number to keep in step).
        ProgressReport.objects.bulk_create(
            ProgressReport(measure=m, title="Sachstand", text="Zwischenstand der Umsetzung.",
                           percent=rng.randrange(0, 101, 5)) for m in built)

        indicators = Indicator.objects.bulk_create(
            Indicator(key=f"kennzahl-{k}", name=f"Kennzahl {k + 1}", unit=Indicator.Unit.PERCENT, decimals=1,
                      source_publisher="Landeshauptstadt Hannover", licence="CC BY 4.0", is_key_indicator=True,
                      is_example_data=True, position=k, counts_benefit_recipients=k < 2, suppression_threshold=10)
            for k in range(INDICATORS))
        Value.objects.bulk_create(
            Value(indicator=ind, area=area, year=year, value=Decimal(rng.randrange(10, 400)) / 10,
                  numerator=Decimal(rng.randrange(5, 4000)))
            for ind in indicators for area in every_area for year in YEARS)
        NonTakeUpEstimate.objects.bulk_create(
            NonTakeUpEstimate(indicator=ind, rate_low=Decimal("34"), rate_high=Decimal("43"), source="IAB 2013")
            for ind in indicators[:2])
        MeasureIndicator.objects.bulk_create(
            MeasureIndicator(measure=m, indicator=indicators[i % INDICATORS], target_text="Quote senken")
            for i, m in enumerate(built))

        # The detail page's measure: the first one in consultation, with 60 comments.
        detail = built[1]
        positions = list(Comment.Position.values)
        others = [m for m in built if m is not detail]
        targets = [detail] * DETAIL_COMMENTS + [others[i % len(others)]
                                                for i in range(comments_total - DETAIL_COMMENTS)]
        comments = Comment.objects.bulk_create(
            Comment(measure=target, organisation=orgs[i % len(orgs)], author=department,
                    position=positions[i % len(positions)],
                    text=f"Stellungnahme {i}: Wir unterstützen die Maßnahme und regen an, Beratung auch "
                         "aufsuchend anzubieten und die Träger im Stadtteil früh einzubinden.")
            for i, target in enumerate(targets))
        Comment.objects.filter(pk__in=[c.pk for c in comments[::40]]).update(hidden_at=timezone.now())
        dispositions = list(Response.Disposition.values)
        Response.objects.bulk_create(
            Response(comment=c, disposition=dispositions[i % 4], responded_by=department,
                     reasoning="Die Anregung wird in der Umsetzung berücksichtigt.")
            for i, c in enumerate(comments) if i % 3 == 0)


def analyze(url):
    """The planner's statistics, as autovacuum keeps them in production.

    Without them (a server with autovacuum off, or a run right after the build) PostgreSQL plans
    every page's queries for empty tables: the start page's comment count took 18 ms instead of 2.
    """
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute("ANALYZE")


def ensure(measures, *, rebuild=False):
    url = bench_database_url(measures)
    if not rebuild and is_built(url, measures):
        print(f"Bench-Datensatz mit {measures:,} Maßnahmen liegt bereit ({url.rpartition('/')[2]}).".replace(",", "."))
        # The data stay; the schema follows the code (a new index must be measured too).
        subprocess.run([sys.executable, __file__, "--migrate"], check=True, env=bench_environment(measures), cwd=ROOT)
    else:
        print(f"Bench-Datensatz mit {measures:,} Maßnahmen wird aufgebaut …".replace(",", "."), flush=True)
        recreate_database(url)
        subprocess.run([sys.executable, __file__, "--build", str(measures)], check=True,
                       env=bench_environment(measures), cwd=ROOT)
    analyze(url)


def main(argv):
    if argv[:1] == ["--migrate"]:
        sys.path.insert(0, str(ROOT))
        # In-process scripts (scratch_django) use the database cache: migrate creates its table then.
        os.environ["CACHE_URL"] = "db://"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        return
    if argv[:1] == ["--build"]:
        measures = int(argv[1])
        sys.path.insert(0, str(ROOT))
        # In-process scripts (scratch_django) use the database cache: migrate creates its table then.
        os.environ["CACHE_URL"] = "db://"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        build(measures)
        return
    for measures in (MEASURES, *GROWTH_SIZES):
        ensure(measures, rebuild="--rebuild" in argv)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hannover_teilhabe.settings")
    main(sys.argv[1:])
