"""Numbers as a person in Hannover reads them: grouped with a dot, decimals after a comma.

Ids, years and page links are plain digits (Django's thousand separator is off); only the numbers
people read go through `core.numbers.format_number` / the `zahl` filter.
"""

from decimal import Decimal

import pytest
from django.template import Context, Template

from core.numbers import format_count, format_number


@pytest.mark.parametrize(("number", "decimals", "text"), [
    (1234, 0, "1.234"),
    (Decimal("1234567.5"), 2, "1.234.567,50"),
    (Decimal("1234.56"), 1, "1.234,6"),
    (Decimal("-1234.5"), 1, "\u22121.234,5"),
    (Decimal("1500"), -2, "1.500"),
    (Decimal("1500.5"), -2, "1.500,50"),
    (Decimal("33.5"), -1, "33,5"),
    (999, 0, "999"),
    (None, 1, ""),
])
def test_numbers_read_with_german_grouping_and_decimal_comma(number, decimals, text):
    assert format_number(number, decimals) == text


def test_machine_readable_text_keeps_an_ascii_minus_and_can_drop_grouping():
    assert format_number(Decimal("-1234.5"), 1, minus="-") == "-1.234,5"
    assert format_number(Decimal("-1234.5"), 1, minus="-", grouping=False) == "-1234,5"
    assert format_count(12345) == "12.345"


def test_template_filter_writes_counts_and_money_and_leaves_ids_and_years_plain():
    template = Template(
        "{% load core_numbers %}{{ count|zahl }} Ergebnisse · {{ cost|zahl:2 }} € · "
        "Stand {{ year }} · <a href=\"?seite={{ page }}\">"
    )
    text = template.render(Context({"count": 1234, "cost": Decimal("45000.5"), "year": 2024, "page": 1001}))
    assert text == '1.234 Ergebnisse · 45.000,50 € · Stand 2024 · <a href="?seite=1001">'
