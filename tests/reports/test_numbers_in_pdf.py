"""The PDF reads like the pages: German grouping and decimal comma, plain years and report numbers."""

import io

import pytest
from pypdf import PdfReader

from reports import services
from reports.models import ReportExport
from reports.tasks import build_report_task
from workshops.models import Outcome, Workshop

pytestmark = pytest.mark.django_db

ALL = {"states": ["entwurf", "beteiligung", "beschlossen"], "consultation": True, "statistics": True}


def test_pdf_text_has_german_counts_and_money_and_plain_years_and_report_number(small_plan, department, media_root):
    Outcome.objects.filter(pk=small_plan.urgent_open.pk).update(weight=1234)
    Workshop.objects.update(participant_count=1500)
    opts = services.selectors.ReportOptions.from_dict(ALL)
    export = ReportExport.objects.create(id=12345, requested_by=department, options=opts.as_dict(), is_draft=True,
                                         options_fingerprint=services._fingerprint(opts.as_dict(), True))
    build_report_task(export.pk)
    export.refresh_from_db()

    reader = PdfReader(io.BytesIO(export.file.read()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "1.234.567,50 €" in text  # money
    assert "1.234 Punkte" in text  # a count past one thousand
    assert "3.000 Teilnehmenden" in text  # two workshops with 1.500 each
    assert "(2025)" in text and "2.025" not in text  # the statistics year
    assert "Bericht Nr. 12345" in text and "12.345" not in text  # an id
