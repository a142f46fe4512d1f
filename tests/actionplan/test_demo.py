import datetime
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actionplan.models import Comment, CommentReport, ConsultationPeriod, Follow, Measure, Response, StatusChange
from actionplan.rules import consultation_is_open


def _counts():
    return {model.__name__: model.objects.count()
            for model in (Measure, Comment, Response, StatusChange, Follow, ConsultationPeriod, CommentReport)}


def test_demo_covers_every_state_and_is_idempotent(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first

    measures = Measure.objects.all()
    assert 12 <= measures.count() <= 16
    assert all(m.is_demo for m in measures)
    assert {m.status for m in measures} == set(Measure.Status.values)
    assert {m.publication_state for m in measures} == set(Measure.Publication.values)
    assert consultation_is_open()
    assert all(m.outcomes.exists() for m in measures)
    comments = Comment.objects.all()
    assert {c.position for c in comments.filter(parent=None)} == set(Comment.Position.values)
    assert set(Response.objects.values_list("disposition", flat=True)) == set(Response.Disposition.values)
    hidden = comments.get(hidden_at__isnull=False)
    assert hidden.replies.exists()
    assert Follow.objects.exists()
    assert CommentReport.objects.filter(resolved_at__isnull=True).count() == 1

    coverage = client.get(reverse("actionplan:coverage")).content.decode()
    assert "Keine Anlaufstelle für Menschen ohne Konto" in coverage
    assert "Energieschulden und drohende Stromsperren" not in coverage
    listing = client.get(reverse("actionplan:index")).content.decode()
    assert "badge--demo" in listing
    assert "Schulstarterpaket ergänzen" not in listing  # a draft


def test_demo_shows_the_plan_after_adoption(db, client, settings, tmp_path, django_capture_on_commit_callbacks):
    """On `make run`: Sachstände, an overdue one, the Umsetzung page, one measure's whole journey with
    development charts, plain-language summaries, and an Umsetzungsbericht that builds."""
    from pypdf import PdfReader

    from actionplan import demo
    from actionplan.development import measure_development
    from actionplan.implementation import implementation_rollup, measure_timeline
    from actionplan.models import ProgressReport
    from actionplan.selectors import measure_detail
    from core.models import User
    from reports import services as report_services
    from reports.models import ReportExport, ReportSettings

    call_command("seed_demo", stdout=io.StringIO())
    planner = User.objects.get(email=demo.PLANUNG)

    # Each measure's percent is its newest Sachstand's, and that is the value the demo means.
    for spec in demo.MEASURES:
        measure = Measure.objects.get(title=spec["title"])
        assert measure.progress == spec["progress"], spec["title"]
    assert ProgressReport.objects.count() > len(demo.MEASURES)
    overdue = Measure.objects.get(title=demo.OVERDUE_TITLE)
    assert implementation_rollup(planner)["all"].overdue.value == 1
    client.force_login(planner)
    assert "Sachstand überfällig" in client.get(overdue.get_absolute_url()).content.decode()
    umsetzung = client.get(reverse("actionplan:implementation")).content.decode()
    assert "Umsetzung des Aktionsplans" in umsetzung and 'class="choropleth"' in umsetzung

    story = measure_detail(planner, Measure.objects.get(title=demo.STORY["title"]).reference)
    entries = measure_timeline(planner, story)
    assert {entry.kind for entry in entries} == {"outcome", "created", "publication", "period_start", "comment",
                                                 "response", "period_end", "status", "milestone", "progress"}
    assert [entry.when for entry in entries] == sorted(entry.when for entry in entries)
    assert [e.label for e in entries if e.kind == "publication"] == ["In Beteiligung gegeben", "Beschlossen"]
    assert entries[0].kind == "outcome" and entries[-1].label == "Meilenstein geplant"
    assert story.progress == demo.STORY_REPORTS[-1][3]
    charts = measure_development(planner, story)
    assert {chart.area.name for chart in charts} == {"Stöcken", "Hainholz"}
    assert all(chart.start_year in chart.years for chart in charts)

    assert Measure.objects.exclude(plain_summary="").count() >= 5
    assert ReportSettings.load().intro_plain_text

    settings.MEDIA_ROOT = tmp_path
    department = User.objects.get(email=demo.DEZERNAT)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        result = report_services.request_implementation_build(
            by=department, date_from=today - datetime.timedelta(days=365), date_to=today)
    export = ReportExport.objects.get(pk=result.export.pk)
    assert export.status == ReportExport.Status.DONE, export.error
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(export.file.path).pages)
    assert demo.STORY["title"] in text and "Zweiter Standort in Hainholz eröffnet" in text
