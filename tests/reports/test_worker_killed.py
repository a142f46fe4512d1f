"""A worker killed mid-build (SIGKILL): the heartbeat stops, the sweep notices within the stale
limit, a live worker builds it once more, and no half-written file stays behind."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from reports import services
from reports.models import ReportExport
from tests.reports.factories import FieldOfActionFactory, MeasureFactory

HEARTBEAT = 1
STALE_AFTER = 5
LONG_TEXT = " ".join(["Die Maßnahme stärkt die Teilhabe von Familien im Stadtteil."] * 30)


def _worker(media_root):
    environment = {
        **os.environ,
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
            **{**connection.settings_dict, "PORT": connection.settings_dict["PORT"] or 5432}),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(media_root),
        "REPORT_HEARTBEAT_SECONDS": str(HEARTBEAT),
        "REPORT_STALE_AFTER_SECONDS": str(STALE_AFTER),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "hannover_teilhabe", "worker", "--pool=solo", "--loglevel=WARNING",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=settings.BASE_DIR, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _wait(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"Nicht eingetreten: {what}")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_killed_worker_build_is_retried_by_a_live_worker_and_leaves_no_partial_file(
        department, settings, tmp_path):
    import redis

    from hannover_teilhabe.celery import app

    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.fail("Für diesen Test muss CELERY_BROKER_URL auf Redis zeigen (make test setzt das).")
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_STALE_AFTER_SECONDS = STALE_AFTER
    field = FieldOfActionFactory(name="Bildung und Betreuung")
    for number in range(160):
        MeasureFactory(field_of_action=field, title=f"Maßnahme {number} für Familien", description=LONG_TEXT)

    app.conf.task_always_eager = False
    first = _worker(tmp_path)
    second = None
    try:
        export = services.request_build(by=department, options={"states": ["beschlossen"]}).export

        def rendering():
            row = ReportExport.objects.get(pk=export.pk)
            return row if row.status == ReportExport.Status.RUNNING and row.progress >= 30 else None

        started = _wait(rendering, 120, "Erstellung läuft")
        # The heartbeat keeps coming while WeasyPrint lays out pages (one long step, no progress).
        time.sleep(HEARTBEAT * 3)
        during = ReportExport.objects.get(pk=export.pk)
        if during.progress == started.progress:
            assert during.heartbeat_at > started.heartbeat_at

        _wait(lambda: list(Path(tmp_path, "reports").glob("*.part")) or ReportExport.objects.get(
            pk=export.pk).status != ReportExport.Status.RUNNING, 180, "PDF wird geschrieben")
        assert ReportExport.objects.get(pk=export.pk).status == ReportExport.Status.RUNNING, "zu schnell fertig"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = time.monotonic()
        assert list(Path(tmp_path, "reports").glob("*.part")), "die halbe Datei liegt noch da"

        # What Celery beat does every 30 s: nothing happens before the stale limit ...
        assert services.sweep_stale_builds() == 0
        # ... and within it (plus one beat interval) the build waits for a live worker again.
        _wait(lambda: services.sweep_stale_builds(), STALE_AFTER + 30, "Abbruch erkannt")
        assert time.monotonic() - killed_at < STALE_AFTER + 30
        export.refresh_from_db()
        assert export.status == ReportExport.Status.QUEUED
        assert not list(Path(tmp_path, "reports").glob("*.part"))

        second = _worker(tmp_path)
        done = _wait(lambda: ReportExport.objects.filter(
            pk=export.pk, status__in=[ReportExport.Status.DONE, ReportExport.Status.FAILED]).first(),
            240, "zweiter Versuch fertig")
        assert done.status == ReportExport.Status.DONE, done.error
        assert done.attempts == 2
        assert done.finished_at <= timezone.now()
        assert not list(Path(tmp_path, "reports").glob("*.part"))
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        app.conf.task_always_eager = True
