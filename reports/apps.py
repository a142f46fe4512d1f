from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    label = "reports"
    verbose_name = "Berichte"

    def ready(self):
        from hannover_teilhabe.celery import app

        # The reports page sweeps stale builds on every load; where Celery beat runs, it also does
        # so every five minutes, so a dead worker's job is marked failed even if nobody looks.
        schedule = dict(app.conf.beat_schedule or {})
        schedule.setdefault("reports-sweep-stale-builds", {"task": "reports.sweep_stale_builds", "schedule": 300.0})
        app.conf.beat_schedule = schedule
