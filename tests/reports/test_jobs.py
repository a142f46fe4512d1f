"""The build job: duplicates, failures, retries and the sweep of builds whose worker died."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from reports import services
from reports.models import ReportExport

pytestmark = pytest.mark.django_db

OPTIONS = {"states": ["beschlossen"], "consultation": False, "statistics": False}


@pytest.fixture
def no_queue(monkeypatch):
    """Record what would be queued instead of building (to look at a job while it waits)."""
    queued = []
    monkeypatch.setattr(services, "_queue", queued.append)
    return queued


def test_request_creates_row_and_queues_after_commit(department, no_queue, committed):
    result = committed(services.request_build, by=department, options=OPTIONS)

    assert result.created
    assert no_queue == [result.export.pk]
    export = ReportExport.objects.get()
    assert export.status == ReportExport.Status.QUEUED
    assert export.requested_by == department
    assert export.options == {"states": ["beschlossen"], "fields_of_action": [], "consultation": False,
                              "statistics": False}
    assert export.is_draft is False


def test_duplicate_request_while_running_starts_nothing_new(department, no_queue, committed):
    first = committed(services.request_build, by=department, options=OPTIONS)
    ReportExport.objects.filter(pk=first.export.pk).update(status=ReportExport.Status.RUNNING)

    second = committed(services.request_build, by=department, options=dict(OPTIONS))

    assert not second.created
    assert second.export.pk == first.export.pk
    assert "bereits erstellt" in second.message
    assert ReportExport.objects.count() == 1
    assert len(no_queue) == 1


def test_same_options_can_be_built_again_once_the_first_is_done(department, no_queue, committed):
    first = committed(services.request_build, by=department, options=OPTIONS)
    ReportExport.objects.filter(pk=first.export.pk).update(status=ReportExport.Status.DONE)

    second = committed(services.request_build, by=department, options=OPTIONS)

    assert second.created and second.export.pk != first.export.pk


def test_different_options_build_side_by_side(department, no_queue, committed):
    committed(services.request_build, by=department, options=OPTIONS)
    other = committed(services.request_build, by=department, options={**OPTIONS, "statistics": True})

    assert other.created
    assert ReportExport.objects.filter(status=ReportExport.Status.QUEUED).count() == 2


def test_planning_builds_are_always_drafts(planner, department, no_queue, committed):
    planner_build = committed(services.request_build, by=planner, options=OPTIONS).export
    department_draft = committed(services.request_build, by=department, options={**OPTIONS, "states": ["beteiligung",
                                                                                          "beschlossen"]}).export

    assert planner_build.is_draft is True
    assert department_draft.is_draft is True


def test_failed_rendering_marks_the_build_failed_with_a_german_message(
        department, monkeypatch, media_root, caplog, committed):
    def broken(html):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(services, "render_pdf", broken)
    result = committed(services.request_build, by=department, options=OPTIONS)

    export = ReportExport.objects.get(pk=result.export.pk)
    assert export.status == ReportExport.Status.FAILED
    assert export.error.startswith("Der Bericht konnte nicht erstellt werden (Schritt „Seiten werden gesetzt“)")
    assert "layout exploded" not in export.error
    assert not export.file
    assert export.finished_at is not None
    assert "layout exploded" in caplog.text  # the traceback goes to the log, not to the user
    assert not (media_root / "reports").exists() or not any((media_root / "reports").iterdir())


def test_a_failure_while_writing_leaves_no_partial_file(department, monkeypatch, media_root, committed):
    def broken_write(document, target):
        target.write(b"%PDF-1.7 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(services, "write_pdf", broken_write)
    export = committed(services.request_build, by=department, options=OPTIONS).export
    export.refresh_from_db()

    assert export.status == ReportExport.Status.FAILED
    assert "PDF wird geschrieben" in export.error
    assert list((media_root / "reports").iterdir()) == []


def test_retry_of_a_failed_build_produces_the_pdf(department, monkeypatch, media_root, committed):
    real_render = services.render_pdf
    monkeypatch.setattr(services, "render_pdf", lambda html: 1 / 0)
    export = committed(services.request_build, by=department, options=OPTIONS).export
    export.refresh_from_db()
    assert export.status == ReportExport.Status.FAILED

    monkeypatch.setattr(services, "render_pdf", real_render)
    result = committed(services.retry_build, export=export, by=department)

    export.refresh_from_db()
    assert result.created
    assert export.status == ReportExport.Status.DONE
    assert export.error == ""
    assert export.attempts == 2
    assert export.file and export.page_count >= 3
    assert ReportExport.objects.count() == 1


def test_retry_refuses_a_build_that_did_not_fail(department, no_queue, committed):
    from django.core.exceptions import ValidationError

    export = committed(services.request_build, by=department, options=OPTIONS).export
    with pytest.raises(ValidationError, match="Nur ein fehlgeschlagener Bericht"):
        committed(services.retry_build, export=export, by=department)


def test_stale_build_is_queued_once_more_then_failed_and_fresh_one_is_left_alone(
        department, no_queue, committed):
    old = committed(services.request_build, by=department, options=OPTIONS).export
    fresh = committed(services.request_build, by=department, options={**OPTIONS, "statistics": True}).export
    now = timezone.now()
    silent_since = now - services.stale_after() - timedelta(seconds=5)
    ReportExport.objects.filter(pk=old.pk).update(status=ReportExport.Status.RUNNING, attempts=1,
                                                  heartbeat_at=silent_since)
    ReportExport.objects.filter(pk=fresh.pk).update(status=ReportExport.Status.RUNNING, attempts=1,
                                                    heartbeat_at=now - timedelta(seconds=10))

    assert committed(services.sweep_stale_builds) == 1

    old.refresh_from_db()
    fresh.refresh_from_db()
    # One automatic retry by a live worker: the job waits again and is handed over once more.
    assert old.status == ReportExport.Status.QUEUED
    assert no_queue.count(old.pk) == 2
    assert fresh.status == ReportExport.Status.RUNNING

    ReportExport.objects.filter(pk=old.pk).update(status=ReportExport.Status.RUNNING, attempts=2,
                                                  heartbeat_at=silent_since)
    assert committed(services.sweep_stale_builds) == 1
    old.refresh_from_db()
    assert old.status == ReportExport.Status.FAILED
    assert "kein Lebenszeichen" in old.error
    # The failed build no longer blocks the same options.
    assert committed(services.request_build, by=department, options=OPTIONS).created


def test_a_silent_build_does_not_block_a_new_request_with_the_same_options(department, no_queue, committed):
    old = committed(services.request_build, by=department, options=OPTIONS).export
    ReportExport.objects.filter(pk=old.pk).update(
        status=ReportExport.Status.RUNNING, attempts=2,
        heartbeat_at=timezone.now() - services.stale_after() - timedelta(seconds=5))

    again = committed(services.request_build, by=department, options=OPTIONS)

    assert again.created and again.export.pk != old.pk


def test_a_new_request_releases_only_its_own_silent_duplicate_and_leaves_the_sweep_to_beat(
        department, no_queue, committed, media_root):
    silent = timezone.now() - services.stale_after() - timedelta(seconds=5)
    blocking = committed(services.request_build, by=department, options=OPTIONS).export
    other = committed(services.request_build, by=department, options={**OPTIONS, "statistics": True}).export
    ReportExport.objects.filter(pk__in=[blocking.pk, other.pk]).update(
        status=ReportExport.Status.RUNNING, attempts=2, heartbeat_at=silent)
    orphan = media_root / "reports" / ".bericht-999-abc.part"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"")

    again = committed(services.request_build, by=department, options=OPTIONS)

    assert again.created
    blocking.refresh_from_db()
    other.refresh_from_db()
    assert blocking.status == ReportExport.Status.FAILED
    # Everything else waits for beat's sweep.
    assert other.status == ReportExport.Status.RUNNING
    assert orphan.exists()


def test_sweep_removes_partial_files_no_running_build_owns(department, no_queue, committed, media_root):
    running = committed(services.request_build, by=department, options=OPTIONS).export
    ReportExport.objects.filter(pk=running.pk).update(status=ReportExport.Status.RUNNING,
                                                      heartbeat_at=timezone.now())
    directory = media_root / "reports"
    directory.mkdir(parents=True)
    orphan = directory / ".bericht-999-abc.part"
    orphan.write_bytes(b"")
    in_progress = directory / f".bericht-{running.pk}-def.part"
    in_progress.write_bytes(b"%PDF")

    services.sweep_stale_builds()

    assert not orphan.exists()
    assert in_progress.exists()


def test_a_redelivered_task_for_a_finished_build_does_nothing(department, media_root, committed):
    export = committed(services.request_build, by=department, options=OPTIONS).export
    export.refresh_from_db()
    finished_at = export.finished_at

    assert services.build_report(export_id=export.pk) is None
    export.refresh_from_db()
    assert export.finished_at == finished_at and export.attempts == 1


def test_public_flag_only_for_finished_adopted_reports(department, planner, media_root, committed):
    from django.core.exceptions import PermissionDenied, ValidationError

    final = committed(services.request_build, by=department, options=OPTIONS).export
    draft = committed(services.request_build, by=planner, options=OPTIONS).export
    final.refresh_from_db()
    draft.refresh_from_db()

    with pytest.raises(ValidationError):
        services.set_public(export=draft, by=department, public=True)
    with pytest.raises(PermissionDenied):
        services.set_public(export=final, by=planner, public=True)
    services.set_public(export=final, by=department, public=True)
    final.refresh_from_db()
    assert final.is_public


def test_sweep_is_scheduled_for_celery_beat_and_runs_as_a_task(department, no_queue, committed):
    from django.conf import settings

    from hannover_teilhabe.celery import app
    from reports.tasks import sweep_stale_builds_task

    assert settings.CELERY_BEAT_SCHEDULE["reports-sweep-stale-builds"]["task"] == "reports.sweep_stale_builds"
    assert app.conf.beat_schedule["reports-sweep-stale-builds"]["schedule"] <= 60
    export = committed(services.request_build, by=department, options=OPTIONS).export
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExport.Status.RUNNING, heartbeat_at=timezone.now() - services.stale_after() - timedelta(1))

    assert sweep_stale_builds_task() == 1


def test_a_task_for_a_build_another_worker_is_running_does_nothing(department, no_queue, committed, media_root):
    from reports.tasks import build_report_task

    export = committed(services.request_build, by=department, options=OPTIONS).export
    ReportExport.objects.filter(pk=export.pk).update(status=ReportExport.Status.RUNNING, progress=30,
                                                     attempts=1, heartbeat_at=timezone.now())

    build_report_task(export.pk)

    export.refresh_from_db()
    assert export.status == ReportExport.Status.RUNNING
    assert export.attempts == 1


def test_a_dead_workers_build_is_noticed_within_two_minutes_by_default():
    from django.conf import settings

    from hannover_teilhabe import settings as defaults

    sweep_every = settings.CELERY_BEAT_SCHEDULE["reports-sweep-stale-builds"]["schedule"]
    # Silence for the stale limit, then at most one sweep interval until the sweep sees it ...
    assert defaults.REPORT_STALE_AFTER_SECONDS + sweep_every <= 120
    # ... and a live build is never taken for dead because one or two heartbeats were late.
    assert defaults.REPORT_STALE_AFTER_SECONDS >= 4 * defaults.REPORT_HEARTBEAT_SECONDS


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_keeps_coming_while_weasyprint_lays_out_one_long_document(settings):
    # One call into WeasyPrint, no progress step in between: only the heartbeat thread can write.
    settings.REPORT_HEARTBEAT_SECONDS = 0.2
    long_ago = timezone.now() - timedelta(hours=1)
    export = ReportExport.objects.create(options=OPTIONS, options_fingerprint="lange-seite",
                                         status=ReportExport.Status.RUNNING, heartbeat_at=long_ago)
    html = "<html><body>" + "".join(
        f"<h2>Maßnahme {number}</h2><p>{'Beratung für Familien im Stadtteil. ' * 60}</p>" for number in range(120)
    ) + "</body></html>"

    with services.heartbeat(export.pk):
        started = time.monotonic()
        document = services.render_pdf(html)
        layout_seconds = time.monotonic() - started

    export.refresh_from_db()
    assert len(document.pages) > 20 and layout_seconds > 1
    assert export.heartbeat_at > long_ago
