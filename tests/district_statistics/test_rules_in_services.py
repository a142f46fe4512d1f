"""The indicator's rules are the statistics service's: without a form it refuses in German, and
the edit form shows the same sentence next to the field."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from district_statistics.models import NonTakeUpEstimate
from district_statistics.services import save_indicator
from tests.district_statistics.factories import IndicatorFactory

ORDER = "Der obere Wert darf nicht kleiner als der untere sein."


def _fields(indicator, **changes):
    return {"key": indicator.key, "name": indicator.name, "unit": indicator.unit, "decimals": indicator.decimals,
            "counts_benefit_recipients": True, **changes}


def test_service_refuses_an_estimate_whose_range_is_upside_down(planner):
    indicator = IndicatorFactory(counts_benefit_recipients=True)
    with pytest.raises(ValidationError) as refused:
        save_indicator(indicator=indicator, by=planner, **_fields(indicator),
                       estimate={"rate_low": Decimal("55"), "rate_high": Decimal("50"), "source": "DIW"})
    assert refused.value.message_dict == {"rate_high": [ORDER]}
    assert not NonTakeUpEstimate.objects.exists()


def test_service_refuses_an_estimate_without_source_or_out_of_range(planner):
    indicator = IndicatorFactory(counts_benefit_recipients=True)
    with pytest.raises(ValidationError) as refused:
        save_indicator(indicator=indicator, by=planner, **_fields(indicator),
                       estimate={"rate_low": Decimal("-1"), "rate_high": Decimal("40"), "source": ""})
    assert refused.value.message_dict == {
        "rate_low": ["Bitte geben Sie einen Anteil zwischen 0 und unter 100 % an."],
        "source": ["Bitte füllen Sie dieses Feld für eine Schätzung der Dunkelziffer aus."],
    }


def test_service_refuses_too_many_decimals(planner):
    indicator = IndicatorFactory(decimals=1)
    with pytest.raises(ValidationError) as refused:
        save_indicator(indicator=indicator, by=planner, **_fields(indicator, decimals=5))
    assert refused.value.message_dict == {"decimals": ["Es sind höchstens 4 Nachkommastellen möglich."]}
    indicator.refresh_from_db()
    assert indicator.decimals == 1


def test_service_saves_an_estimate_starting_at_zero(planner):
    indicator = IndicatorFactory(counts_benefit_recipients=True)
    save_indicator(indicator=indicator, by=planner, **_fields(indicator),
                   estimate={"rate_low": Decimal("0"), "rate_high": Decimal("12.5"), "source": "DIW", "note": ""})
    estimate = NonTakeUpEstimate.objects.get(indicator=indicator)
    assert (estimate.rate_low, estimate.rate_high, estimate.source) == (0, Decimal("12.5"), "DIW")


def test_edit_form_shows_the_services_order_rule_at_the_upper_rate(client, planner):
    indicator = IndicatorFactory(key="gs-alter", counts_benefit_recipients=True)
    client.force_login(planner)
    body = client.post(reverse("statistics:indicator_edit", args=[indicator.key]), {
        "key": "gs-alter", "name": indicator.name, "unit": "prozent", "decimals": 1, "position": 3,
        "counts_benefit_recipients": "on", "dunkelziffer-rate_low": "55", "dunkelziffer-rate_high": "50",
        "dunkelziffer-source": "DIW",
    }).content.decode()
    assert ORDER in body.split('id="id_dunkelziffer-rate_high_error"')[1].split("</ul>")[0]
    assert not NonTakeUpEstimate.objects.exists()
