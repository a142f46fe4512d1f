"""A plan too large for the worker's memory is refused before the build, with a smaller selection."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports import services
from reports.models import ReportExport
from reports.tasks import build_report_task
from tests.reports.factories import FieldOfActionFactory, MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_of_seven(settings):
    """Seven adopted measures in three fields of action, and room for five in one report."""
    settings.REPORT_MAX_MEASURES = 5
    fields = [FieldOfActionFactory(name=name, position=n) for n, name in
              enumerate(["Bildung und Betreuung", "Wohnen und Energie", "Gesundheit"], start=1)]
    for field, count in zip(fields, (3, 2, 2), strict=True):
        MeasureFactory.create_batch(count, field_of_action=field)
    return fields


def test_an_oversized_plan_is_refused_in_german_with_fields_that_fit(client, department, plan_of_seven):
    client.force_login(department)
    response = client.post(reverse("reports:start"), {"states": ["beschlossen"], "include_statistics": "on"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Dieser Bericht würde 7 Maßnahmen umfassen" in page
    assert "höchstens 5 Maßnahmen" in page
    assert "Bildung und Betreuung, Wohnen und Energie (5 Maßnahmen)" in page
    assert ReportExport.objects.count() == 0
    # What the person chose is still chosen.
    assert 'value="beschlossen"' in page and "checked" in page.split('value="beschlossen"')[1].split(">")[0]


def test_a_selection_within_the_limit_is_built(department, plan_of_seven, monkeypatch):
    monkeypatch.setattr(services, "_queue", lambda pk: None)
    bildung, wohnen, _gesundheit = plan_of_seven

    result = services.request_build(by=department, options={
        "states": ["beschlossen"], "fields_of_action": [bildung.pk, wohnen.pk]})

    assert result.created and result.export.status == ReportExport.Status.QUEUED


def test_measures_added_after_the_request_make_the_build_fail_before_it_starts(
        department, plan_of_seven, settings, media_root, monkeypatch):
    monkeypatch.setattr(services, "_queue", lambda pk: None)
    settings.REPORT_MAX_MEASURES = 7
    export = services.request_build(by=department, options={"states": ["beschlossen"]}).export
    MeasureFactory(field_of_action=plan_of_seven[0])

    build_report_task(export.pk)

    export.refresh_from_db()
    assert export.status == ReportExport.Status.FAILED
    assert export.error.startswith("Dieser Bericht würde 8 Maßnahmen umfassen")
    assert not export.file


def test_an_appendix_with_too_many_comments_is_refused_but_the_report_without_it_is_built(
        department, plan_of_seven, settings, monkeypatch):
    from tests.reports.factories import CommentFactory

    monkeypatch.setattr(services, "_queue", lambda pk: None)
    settings.REPORT_MAX_MEASURES = 10
    settings.REPORT_MAX_COMMENTS = 3
    measure = plan_of_seven[0].measures.first()
    CommentFactory.create_batch(4, measure=measure)

    with pytest.raises(ValidationError) as refusal:
        services.request_build(by=department, options={"states": ["beschlossen"], "consultation": True})

    assert refusal.value.messages[0].startswith("Der Anhang dieses Berichts würde 4 Stellungnahmen umfassen")
    assert "ohne den Anhang „Beteiligung und Abwägung“" in refusal.value.messages[0]
    assert ReportExport.objects.count() == 0
    without = services.request_build(by=department, options={"states": ["beschlossen"], "consultation": False})
    assert without.created
