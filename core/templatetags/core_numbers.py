from django import template

from core.numbers import format_number

register = template.Library()


@register.filter
def zahl(value, decimals=0):
    """`{{ count|zahl }}` → '1.234', `{{ amount|zahl:2 }}` → '1.234,50', `{{ rate|zahl:-1 }}` → '30' or '33,5'.

    The one filter for numbers a person reads; ids, years and page links stay plain digits.
    """
    try:
        decimals = int(decimals)
    except (TypeError, ValueError):
        decimals = 0
    return format_number(value, decimals)
