"""Once through the real thing: the view queues the build on Redis, a Celery worker builds it."""

import io
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.models import ReportExport


def wait_for_status(client, export_id, *, timeout=90):
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = client.get(reverse("reports:status", args=[export_id]), HTTP_ACCEPT="application/json").json()
        seen.append(data["status"])
        if data["status"] in ("fertig", "fehlgeschlagen"):
            return data, seen
        time.sleep(0.3)
    pytest.fail(f"Bericht nicht fertig geworden, zuletzt: {seen[-3:]}")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_build_started_from_the_page_runs_in_the_worker_and_downloads(
        celery_worker_live, client, department, small_plan, media_root):
    client.force_login(department)

    response = client.post(reverse("reports:start"), {"states": ["beschlossen", "beteiligung"],
                                                      "include_consultation": "on"})

    assert response.status_code == 302
    export = ReportExport.objects.get()
    data, seen = wait_for_status(client, export.pk)
    assert data["status"] == "fertig", data["error"]
    assert data["progress"] == 100
    assert seen[0] in ("wartend", "laeuft", "fertig")

    download = client.get(data["download_url"])
    assert download.status_code == 200
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert small_plan.kita.title in text and small_plan.energy.title in text
    assert small_plan.lunch.title in text
    assert "Beteiligung und Abwägung" in text
    assert small_plan.hidden.text not in text
    export.refresh_from_db()
    assert export.page_count == len(pdf.pages)
    assert export.attempts == 1
