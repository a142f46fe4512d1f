"""A person in the department builds the report in Chromium, watches it progress and downloads it."""

import pytest
from pypdf import PdfReader

from reports.models import ReportExport


@pytest.mark.browser
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_department_starts_build_sees_progress_and_downloads_pdf(
        celery_worker_live, page, login, department, small_plan, media_root, tmp_path):
    login(page, department)
    page.goto("/berichte/")
    page.get_by_role("heading", name="Neuen Bericht erstellen").wait_for()
    page.get_by_label("beschlossen").check()
    page.get_by_label("in Beteiligung").check()
    page.get_by_role("button", name="Bericht erstellen").click()

    job = page.locator(".report-job")
    job.wait_for()
    assert job.get_attribute("aria-live") == "polite"
    page.evaluate("window.notReloaded = true")
    body = page.locator(".report-job__body")
    seen = [body.get_attribute("data-status")]
    assert seen[0] in ("wartend", "laeuft"), "the page after starting shows the job in progress"
    assert page.locator("progress").count() == 1
    download_link = page.get_by_role("link", name="PDF herunterladen").first
    for _ in range(600):
        if download_link.count():
            break
        seen.append(body.get_attribute("data-status"))
        page.wait_for_timeout(100)
    download_link.wait_for(timeout=1_000)
    # Polling replaced the job's body in place: the page itself was never reloaded.
    assert page.evaluate("window.notReloaded") is True
    assert "fertig" in job.inner_text()
    assert page.locator("progress").get_attribute("value") == "100"

    with page.expect_download() as info:
        download_link.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name.endswith("-entwurf.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    assert small_plan.kita.title in text and small_plan.energy.title in text
    assert ReportExport.objects.get().status == ReportExport.Status.DONE
