"""Form inputs with Django's own HTML, written in Python instead of two widget templates each.

The workshop board draws three outcome forms; every input through input.html and attrs.html cost
about as much as drawing a whole card. Same markup, same escaping, same attribute order.
"""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def attributes(attrs):
    """The attributes in the order given, as Django's attrs.html writes them (True: the bare name)."""
    return mark_safe("".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items() if value is not False and value is not None
    ))


class QuickInput(forms.widgets.Input):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], shown,
                           attributes(widget["attrs"]))


class QuickTextInput(QuickInput, forms.TextInput):
    pass


class QuickNumberInput(QuickInput, forms.NumberInput):
    pass


class QuickHiddenInput(QuickInput, forms.HiddenInput):
    pass


class QuickCheckboxInput(QuickInput, forms.CheckboxInput):
    pass


class QuickTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html('<textarea name="{}"{}>\n{}</textarea>', widget["name"], attributes(widget["attrs"]),
                           conditional_escape(widget["value"]) if widget["value"] else "")
