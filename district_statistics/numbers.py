"""How a statistical value is shown: German number format, small-number suppression, Dunkelziffer.

Every page, the map, the ranking and every export go through `present_value`, so a value that
falls below an indicator's minimum case count is hidden the same way everywhere.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.numbers import TYPOGRAPHIC_MINUS, format_number
from district_statistics.models import Indicator

UNIT_SUFFIX = {
    Indicator.Unit.PERCENT: " %",
    Indicator.Unit.PERSONS: "",
    Indicator.Unit.EURO: " €",
    Indicator.Unit.PER_THOUSAND: " je 1.000",
    Indicator.Unit.OTHER: "",
}

GEODATA_ATTRIBUTION = "Geodaten: Landeshauptstadt Hannover, Bereich Geoinformation, CC BY 4.0"
EXAMPLE_DATA_LABEL = gettext_lazy("Beispieldaten")
EXAMPLE_DATA_NOTE = gettext_lazy("Beispieldaten: erfundene Werte zur Vorführung, keine amtliche Statistik.")


def counted(count, singular, plural):
    """'1 Wert', '2 Werte', '1.234 Werte': a count with its noun in the right number."""
    return f"{format_number(count, 0)} {singular if count == 1 else plural}"


def format_with_unit(indicator, number):
    if number is None:
        return ""
    return format_number(number, indicator.decimals) + UNIT_SUFFIX.get(indicator.unit, "")


def case_count(indicator, *, value, numerator):
    """The number of people a value rests on: the numerator, or the value itself for head counts."""
    if numerator is not None:
        return numerator
    if indicator.unit == Indicator.Unit.PERSONS:
        return value
    return None


def is_suppressed(indicator, *, value, numerator):
    threshold = indicator.suppression_threshold
    if not threshold:
        return False
    count = case_count(indicator, value=value, numerator=numerator)
    return count is not None and count < threshold


def suppressed_text(indicator):
    threshold = format_number(indicator.suppression_threshold, 0)
    if indicator.unit == Indicator.Unit.PERSONS:
        return f"< {threshold}"
    return f"< {threshold} Fälle"


@dataclass(frozen=True)
class PresentedValue:
    """A value as the public may see it: `value` is None when it is suppressed."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    text: str
    suppressed: bool

    @property
    def has_value(self):
        return self.value is not None


def present_value(indicator, *, value, numerator=None, denominator=None):
    if value is None:
        return PresentedValue(None, None, None, "keine Angabe", False)
    if is_suppressed(indicator, value=value, numerator=numerator):
        return PresentedValue(None, None, None, suppressed_text(indicator), True)
    return PresentedValue(value, numerator, denominator, format_with_unit(indicator, value), False)


@dataclass(frozen=True)
class DarkFigureRange:
    counted: Decimal
    low: Decimal
    high: Decimal
    rate_low: Decimal
    rate_high: Decimal
    source: str
    source_url: str
    range_text: str

    @property
    def text(self):
        return _("geschätzt inklusive Dunkelziffer: %(range_text)s (Schätzung)") % {"range_text": self.range_text}


def dark_figure_range(indicator, estimate, counted, *, persons=False):
    """Turn a counted benefit figure into the estimated range including those who do not claim.

    If a share r of the entitled do not claim, the counted people are (1 − r) of all entitled, so
    all entitled = counted / (1 − r). The counted figure itself is never changed. `persons` says
    that `counted` is a head count (e.g. the numerator of a rate) rather than the indicator's value.
    """
    if estimate is None or counted is None:
        return None
    counted = Decimal(counted)
    low = counted / (1 - Decimal(estimate.rate_low) / 100)
    high = counted / (1 - Decimal(estimate.rate_high) / 100)
    if persons:
        low_text, high_text = format_number(low, 0), f"{format_number(high, 0)} Personen"
    else:
        low_text, high_text = format_with_unit(indicator, low), format_with_unit(indicator, high)
    range_text = f"{low_text} bis {high_text}"
    return DarkFigureRange(
        counted=counted, low=low, high=high, rate_low=estimate.rate_low, rate_high=estimate.rate_high,
        source=estimate.source, source_url=estimate.source_url, range_text=range_text,
    )


def change_text(indicator, change):
    """A signed difference in the indicator's unit ('+1,2 Prozentpunkte', '−340')."""
    if change is None:
        return ""
    sign = "+" if change > 0 else (TYPOGRAPHIC_MINUS if change < 0 else "±")
    magnitude = format_number(abs(change), indicator.decimals)
    if indicator.unit == Indicator.Unit.PERCENT:
        return _("%(change)s Prozentpunkte") % {"change": f"{sign}{magnitude}"}
    return f"{sign}{magnitude}{UNIT_SUFFIX.get(indicator.unit, '')}"
