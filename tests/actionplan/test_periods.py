"""Consultation periods: an end date alone includes the whole day; periods never overlap."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actionplan import services
from actionplan.models import ConsultationPeriod

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _at(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def test_an_end_date_without_time_includes_the_whole_last_day(client, planner):
    client.force_login(planner)
    response = client.post(reverse("actionplan:period_create"),
                           {"title": "Winterrunde", "starts_at": "01.12.2026", "ends_at": "31.12.2026"})
    assert response.status_code == 302
    period = ConsultationPeriod.objects.get()
    assert timezone.localtime(period.starts_at) == _at(2026, 12, 1, 0, 0)
    assert timezone.localtime(period.ends_at) == _at(2026, 12, 31, 23, 59, 59)
    assert period.is_open(_at(2026, 12, 31, 22, 0))
    assert not period.is_open(_at(2027, 1, 1, 0, 0))
    # Opened again and saved unchanged, the end still includes the last minute.
    edit = reverse("actionplan:period_edit", args=[period.pk])
    body = client.get(edit).content.decode()
    assert 'value="31.12.2026 23:59"' in body
    assert client.post(edit, {"title": "Winterrunde", "starts_at": "01.12.2026 00:00",
                              "ends_at": "31.12.2026 23:59"}).status_code == 302
    period.refresh_from_db()
    assert timezone.localtime(period.ends_at) == _at(2026, 12, 31, 23, 59, 59)


def test_an_end_with_a_time_keeps_that_time(client, planner):
    client.force_login(planner)
    client.post(reverse("actionplan:period_create"),
                {"title": "Winterrunde", "starts_at": "01.12.2026 09:00", "ends_at": "31.12.2026 18:00"})
    assert timezone.localtime(ConsultationPeriod.objects.get().ends_at) == _at(2026, 12, 31, 18, 0)


def test_the_form_says_that_a_date_alone_means_until_the_end_of_the_day(client, planner):
    client.force_login(planner)
    body = client.get(reverse("actionplan:period_create")).content.decode()
    assert "bis einschließlich" in body


def test_overlapping_periods_are_refused_in_german(client, planner):
    ConsultationPeriod.objects.create(title="Erste Runde", starts_at=_at(2026, 12, 1, 9, 0),
                                      ends_at=_at(2026, 12, 20, 18, 0))
    client.force_login(planner)
    response = client.post(reverse("actionplan:period_create"),
                           {"title": "Zweite Runde", "starts_at": "15.12.2026", "ends_at": "10.01.2027"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "überschneidet sich mit der Beteiligungsphase „Erste Runde“ (01.12.2026 09:00 – 20.12.2026 18:00 Uhr)" \
        in body
    assert 'value="Zweite Runde"' in body
    assert ConsultationPeriod.objects.count() == 1
    # Back to back is fine.
    response = client.post(reverse("actionplan:period_create"),
                           {"title": "Zweite Runde", "starts_at": "20.12.2026 18:00", "ends_at": "10.01.2027"})
    assert response.status_code == 302
    assert ConsultationPeriod.objects.count() == 2


def test_editing_a_period_does_not_overlap_with_itself(planner):
    period = services.period_save(by=planner, title="Runde", starts_at=_at(2026, 12, 1, 9, 0),
                                  ends_at=_at(2026, 12, 20, 18, 0))
    services.period_save(by=planner, period=period, title="Runde", starts_at=_at(2026, 12, 1, 9, 0),
                         ends_at=_at(2026, 12, 22, 18, 0))
    other = services.period_save(by=planner, title="Später", starts_at=_at(2027, 1, 5, 9, 0),
                                 ends_at=_at(2027, 1, 20, 18, 0))
    with pytest.raises(ValidationError, match="überschneidet sich"):
        services.period_save(by=planner, period=other, title="Später", starts_at=_at(2026, 12, 21, 9, 0),
                             ends_at=_at(2027, 1, 20, 18, 0))
