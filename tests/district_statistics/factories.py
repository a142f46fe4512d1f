"""Factories for the statistics app."""

from decimal import Decimal

import factory

from core.models import Area
from district_statistics.models import Indicator, NonTakeUpEstimate, Value


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"indikator-{n}")
    name = factory.Sequence(lambda n: f"Testindikator {n}")
    unit = Indicator.Unit.PERCENT
    decimals = 1
    source_publisher = "Landeshauptstadt Hannover, Statistikstelle"
    source_publication = "Strukturdaten der Stadtteile"
    licence = "Datenlizenz Deutschland – Namensnennung 2.0"
    is_published = True


class ValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Value

    indicator = factory.SubFactory(IndicatorFactory)
    area = factory.LazyFunction(lambda: Area.objects.get(key="stadt"))
    year = 2024
    value = Decimal("10.0")


class NonTakeUpEstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NonTakeUpEstimate

    indicator = factory.SubFactory(IndicatorFactory, counts_benefit_recipients=True)
    rate_low = Decimal("34")
    rate_high = Decimal("43")
    source = "IAB-Forschungsbericht 5/2013"


def fill_level(indicator, *, year=2024, kind=Area.Kind.QUARTER, start=5, step=Decimal("0.5"), numerator=None):
    """One value per area of a level, rising with the official number; returns {area: value}."""
    values = {}
    rows = []
    for index, area in enumerate(Area.objects.filter(kind=kind).order_by("number")):
        value = Decimal(start) + step * index
        values[area] = value
        rows.append(Value(indicator=indicator, area=area, year=year, value=value, numerator=numerator))
    Value.objects.bulk_create(rows)
    return values
