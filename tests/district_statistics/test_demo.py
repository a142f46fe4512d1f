"""The example statistics: labelled, complete for every area, consistent across levels, idempotent."""

from decimal import Decimal

import pytest

from core.management.commands.seed_demo import DemoContext
from core.models import Area
from district_statistics import demo
from district_statistics.models import Indicator, NonTakeUpEstimate, Value

pytestmark = pytest.mark.django_db


def test_demo_statistics_are_example_data_for_every_area_and_idempotent():
    demo.seed(DemoContext())
    counts = (Indicator.objects.count(), Value.objects.count(), NonTakeUpEstimate.objects.count())
    first_values = dict(Value.objects.values_list("pk", "value"))
    demo.seed(DemoContext())
    assert (Indicator.objects.count(), Value.objects.count(), NonTakeUpEstimate.objects.count()) == counts
    assert dict(Value.objects.values_list("pk", "value")) == first_values
    assert all(indicator.is_example_data for indicator in Indicator.objects.all())
    assert Indicator.objects.filter(is_key_indicator=True).count() >= 1
    assert Value.objects.filter(indicator__key="sgb2-quote", year=2024).count() == 51 + 13 + 1


def test_demo_bezirk_and_city_values_are_aggregates_of_their_stadtteile():
    demo.seed(DemoContext())
    indicator = Indicator.objects.get(key="sgb2-quote")
    mitte = Area.objects.get(key="bezirk-1")
    quarters = Value.objects.filter(indicator=indicator, year=2024, area__parent=mitte)
    district = Value.objects.get(indicator=indicator, year=2024, area=mitte)
    assert district.numerator == sum(v.numerator for v in quarters)
    assert district.denominator == sum(v.denominator for v in quarters)
    assert district.value == (district.numerator * 100 / district.denominator).quantize(Decimal("0.1"))
    city = Value.objects.get(indicator=indicator, year=2024, area__kind="stadt")
    all_quarters = Value.objects.filter(indicator=indicator, year=2024, area__kind="stadtteil")
    assert city.numerator == sum(v.numerator for v in all_quarters)


def test_demo_has_small_counts_that_are_suppressed_and_dark_figure_sources():
    from district_statistics.selectors import ranking

    demo.seed(DemoContext())
    small = Indicator.objects.get(key="kinder-in-notunterkuenften")
    rows = ranking(indicator=small, year=2024)
    assert rows.suppressed_count > 0
    estimate = NonTakeUpEstimate.objects.get(indicator__key="sgb2-quote")
    assert "IAB" in estimate.source and estimate.rate_low < estimate.rate_high
