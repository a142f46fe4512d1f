import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hannover_teilhabe.settings")

app = Celery("hannover_teilhabe")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
