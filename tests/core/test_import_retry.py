"""A confirmation the database cannot finish in time saves nothing, says so in German, and keeps the
upload so the planner can simply try again."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from core.models import PendingUpload
from district_statistics.models import ImportLog, Value
from tests.district_statistics.conftest import csv_upload
from tests.district_statistics.factories import IndicatorFactory
from tests.workshops.factories import EventFactory, WorkshopFactory
from workshops.models import Outcome

pytestmark = pytest.mark.django_db(transaction=True)

RETRY = "Die Datenbank war belegt oder hat zu lange gebraucht; es wurde nichts gespeichert."


class TableLockedForWriting:
    """Another connection keeps a table from being written (reading still works), as a long
    maintenance job would, until the block ends."""

    def __init__(self, model):
        self.table = model._meta.db_table
        self.locked, self.release = threading.Event(), threading.Event()

    def _hold(self):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f'LOCK TABLE "{self.table}" IN SHARE MODE')
                self.locked.set()
                self.release.wait(20)
        finally:
            connections.close_all()

    def __enter__(self):
        self.thread = threading.Thread(target=self._hold)
        self.thread.start()
        assert self.locked.wait(10)
        with connection.cursor() as cursor:
            # What the web process's bounded lock wait does in production.
            cursor.execute("SET lock_timeout = '300ms'")
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(20)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


def test_statistics_confirmation_that_times_out_keeps_the_upload_for_a_retry(planner):
    indicator = IndicatorFactory(key="sgb2-quote", name="SGB-II-Quote")
    client = Client()
    client.force_login(planner)
    text = "Gebiet;Indikator;Jahr;Wert\r\nSahlkamp;sgb2-quote;2024;24,1\r\nList;sgb2-quote;2024;7,5\r\n"
    preview_url = client.post(reverse("statistics:import_upload"), {"file": csv_upload(text)})["Location"]
    with TableLockedForWriting(Value):
        response = client.post(preview_url, {"on_conflict": "skip"})
    assert response.status_code == 422
    assert RETRY in response.content.decode()
    assert Value.objects.count() == 0 and ImportLog.objects.count() == 0
    assert PendingUpload.objects.count() == 1
    # The same click again, once the database is free, imports the kept upload.
    response = client.post(preview_url, {"on_conflict": "skip"})
    assert response["Location"] == indicator.get_absolute_url()
    assert Value.objects.count() == 2 and not PendingUpload.objects.exists()


def test_outcome_confirmation_that_times_out_keeps_the_upload_for_a_retry(planner):
    workshop = WorkshopFactory(event=EventFactory(slug="fachtag-warten"), number=1)
    url = reverse("workshops:outcome_import", args=[workshop.pk])
    client = Client()
    client.force_login(planner)
    text = "Art;Titel;Stadtteile/Bezirke\r\nerfolgreich;Stadtteiltreff;Sahlkamp\r\n"
    client.post(url, {"file": csv_upload(text, name="abschrift.csv")})
    with TableLockedForWriting(Outcome):
        response = client.post(url, {"bestaetigen": "1"}, follow=True)
    page = response.content.decode()
    assert RETRY in page
    assert "1 Ergebnisse aus „abschrift.csv“ speichern" in page  # the kept upload, ready for another try
    assert Outcome.objects.count() == 0
    client.post(url, {"bestaetigen": "1"})
    assert Outcome.objects.filter(workshop=workshop).count() == 1
