import os

from celery import Celery
from celery.signals import celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hannover_teilhabe.settings")

app = Celery("hannover_teilhabe")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@celeryd_init.connect
def _worker_database_timeouts(**kwargs):
    """The worker builds reports and imports for minutes: longer database limits than a web request.
    Set before the worker (and its forked children) opens any connection."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {})["options"] = (
            f"-c statement_timeout={settings.WORKER_DATABASE_STATEMENT_TIMEOUT_MS} "
            f"-c lock_timeout={settings.WORKER_DATABASE_LOCK_TIMEOUT_MS}"
        )
