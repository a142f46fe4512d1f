"""The one way a number is written for a person to read: German grouping and decimal comma.

`USE_THOUSAND_SEPARATOR` is off, so ids, years, page links and form values render as plain digits
everywhere. The numbers people read (counts, money, percentages, statistical values) go through
`format_number` explicitly: in templates as `{{ value|zahl }}` / `{{ value|zahl:2 }}`
(`core_numbers` library), in Python (exports written as text, messages, the PDF) by calling it.
It does not depend on the active locale, so an English interface still shows the same digits.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TYPOGRAPHIC_MINUS = "\u2212"  # "−", not the hyphen "-": pages, maps and rankings all use it


def format_number(number, decimals=1, *, minus=TYPOGRAPHIC_MINUS, grouping=True):
    """1234.5 → '1.234,5'; −4 → '−4,0'; None → ''.

    `decimals` is the number of places after the comma. A negative value works like Django's
    `floatformat`: up to that many places, none at all for a whole number (`-2`: 1500 → '1.500',
    1500.5 → '1.500,50'). Machine-readable text passes minus="-" (and grouping=False where a
    program rather than a person is the main reader, as in the open-data CSV).
    """
    if number is None or number == "":
        return ""
    try:
        exact = Decimal(str(number))
    except InvalidOperation:
        return str(number)
    if not exact.is_finite():
        return str(number)
    places = abs(int(decimals))
    if decimals < 0 and exact == exact.to_integral_value():
        places = 0
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    english = f"{rounded:{',' if grouping else ''}.{places}f}"
    german = english.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return minus + german[1:] if german.startswith("-") else german


def format_count(number):
    """A whole count as people read it: 1234 → '1.234'."""
    return format_number(number, 0)
