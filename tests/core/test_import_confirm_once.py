"""Two planners' clicks on "confirm" for the same upload at the same moment import it once.

Each click runs in its own thread with its own database connection, as two gunicorn workers would.
A third connection holds the upload's row lock until both clicks are waiting for it, so they truly
overlap; then it lets go.
"""

import threading
import time

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

OUTCOMES = ("Art;Titel;Stadtteile/Bezirke\r\nerfolgreich;Stadtteiltreff;Sahlkamp\r\n"
            "dringend;Energieschulden;gesamtstädtisch\r\n")
VALUES = "Gebiet;Indikator;Jahr;Wert\r\nSahlkamp;sgb2-quote;2024;24,1\r\nList;sgb2-quote;2024;7,5\r\n"


def _waiting_for_locks():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0]


def _click_twice_at_once(user, url, data, token):
    """Both clicks are sent while another connection holds the upload's lock.

    Returns (the address each click ended on, the page shown there) for both.
    """
    locked, release = threading.Event(), threading.Event()
    responses, errors = [], []

    def hold_lock():
        try:
            with transaction.atomic():
                PendingUpload.objects.select_for_update().get(token=token)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    def click():
        try:
            client = Client()
            client.force_login(user)
            response = client.post(url, data, follow=True)
            responses.append((response.redirect_chain[0][0], response.content.decode()))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert locked.wait(10)
    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    deadline = time.monotonic() + 10
    while _waiting_for_locks() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _waiting_for_locks() >= 2, "both clicks should be waiting for the upload's lock"
    release.set()
    for thread in (holder, *clicks):
        thread.join(20)
    assert errors == []
    return responses


def test_two_confirmations_of_one_outcome_upload_import_it_once(planner):
    workshop = WorkshopFactory(event=EventFactory(slug="fachtag-parallel"), number=1)
    url = reverse("workshops:outcome_import", args=[workshop.pk])
    client = Client()
    client.force_login(planner)
    assert client.post(url, {"file": csv_upload(OUTCOMES, name="abschrift.csv")}).status_code == 200
    token = PendingUpload.objects.get().token

    responses = _click_twice_at_once(planner, url, {"bestaetigen": "1", "upload": token}, token)

    pages = dict(responses)
    assert set(pages) == {workshop.get_absolute_url(), url}
    assert "2 Ergebnisse wurden importiert." in pages[workshop.get_absolute_url()]
    assert "Die hochgeladene Datei ist nicht mehr vorhanden: Sie wurde schon importiert" in pages[url]
    assert Outcome.objects.filter(workshop=workshop).count() == 2
    assert not PendingUpload.objects.exists()


def test_two_confirmations_of_one_statistics_upload_import_it_once(planner):
    indicator = IndicatorFactory(key="sgb2-quote", name="SGB-II-Quote")
    client = Client()
    client.force_login(planner)
    preview_url = client.post(reverse("statistics:import_upload"), {"file": csv_upload(VALUES)})["Location"]
    token = PendingUpload.objects.get().token

    responses = _click_twice_at_once(planner, preview_url, {"on_conflict": "skip"}, token)

    pages = dict(responses)
    assert set(pages) == {indicator.get_absolute_url(), reverse("statistics:import_upload")}
    assert "Import abgeschlossen: 2 neue Werte" in pages[indicator.get_absolute_url()]
    assert "nicht mehr vorhanden" in pages[reverse("statistics:import_upload")]
    assert Value.objects.count() == 2 and ImportLog.objects.count() == 1
    assert not PendingUpload.objects.exists()
