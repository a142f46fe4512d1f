"""The report period's rule is the service's: refused in German without a form, and shown at the
end date through the form."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports import services
from reports.models import ReportExport

BACKWARDS = "Das Ende des Zeitraums darf nicht vor seinem Beginn liegen."


def test_service_refuses_a_period_that_ends_before_it_begins(planner):
    with pytest.raises(ValidationError) as refused:
        services.request_implementation_build(by=planner, date_from=datetime.date(2026, 6, 30),
                                              date_to=datetime.date(2026, 1, 1))
    assert refused.value.message_dict == {"date_to": [BACKWARDS]}
    assert not ReportExport.objects.exists()


def test_form_shows_the_services_rule_at_the_end_date(client, planner):
    client.force_login(planner)
    body = client.post(reverse("reports:start_implementation"),
                       {"date_from": "2026-06-30", "date_to": "2026-01-01"}).content.decode()
    assert BACKWARDS in body.split('id="id_date_to_error"')[1].split("</ul>")[0]
    assert not ReportExport.objects.exists()
