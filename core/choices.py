"""Choices built from master data, read once per change of that data instead of once per request.

A select of 65 areas costs a query and, rendered through Django's widget templates, a good part
of a list page. The choices live in the shared cache under a version number; every save or
delete of the data they are built from sets a new version once its transaction has committed,
so the next request anywhere reads the new choices and an old entry is never read again.
Without a reachable cache the version is unknown and the choices are simply built afresh.
"""

import time
from functools import lru_cache

from django import forms
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.widgets import attributes

VERSION_KEY = "choices:version"
_builders = {}
# One process keeps the choices of the version it last saw: a request then costs one cache read.
_local = {"version": None, "choices": {}}


def register(name, build):
    """`build()` returns a list of rows, e.g. (value, label) pairs; it must read only the watched models."""
    _builders[name] = build


def watch(*models):
    for model in models:
        uid = f"choices-{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")


def _changed(**kwargs):
    # Now, so this transaction's own next read sees the change, and again after commit, so a
    # request that read the old rows meanwhile cannot have stored them under the final version.
    bump()
    transaction.on_commit(bump)


def bump():
    # A fresh, never-used number (not an increment): a cache that lost the key cannot revive
    # an old version's entries.
    cache.set(VERSION_KEY, time.time_ns(), None)


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


def read(*names):
    """The choices of each name, as lists of (value, label), at one version read for all."""
    version = current_version()
    if version is None:  # no cache to agree on a version with the other processes
        return [_builders[name]() for name in names]
    if _local["version"] != version:
        _local["version"], _local["choices"] = version, {}
    local = _local["choices"]
    language = get_language()
    missing = [name for name in names if (language, name) not in local]
    if missing:
        keys = {f"choices:{version}:{language}:{name}": name for name in missing}
        found = cache.get_many(list(keys))
        fresh = {}
        for key, name in keys.items():
            if key not in found:
                found[key] = fresh[key] = _builders[name]()
            local[(language, name)] = found[key]
        if fresh:
            cache.set_many(fresh, 7 * 24 * 3600)
    return [local[(language, name)] for name in names]


class QuickSelect(forms.Select):
    """Django's select with the same HTML, written in Python instead of one template per option.

    Each option through the template engine costs more than the database read of its row. The
    options are written once per distinct list of choices and selection (the key holds both, so
    a written list is never out of date): the board's three forms share one list of 64 places.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # The <select> tag as Widget builds it; ChoiceWidget's per-option dicts are not needed.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        options = _written_options(_frozen(self.choices), tuple(widget["value"]), self.allow_multiple_selected)
        return format_html('<select name="{}"{}>{}\n</select>', widget["name"], flatatt(widget["attrs"]), options)


def _frozen(choices):
    # Values as text, labels escaped: everything the written options depend on, hashable.
    frozen = []
    for value, label in choices:
        value = "" if value is None else str(value)
        if isinstance(label, list | tuple):
            frozen.append((conditional_escape(value), tuple(_frozen(label))))
        else:
            frozen.append((value, conditional_escape(label)))
    return tuple(frozen)


@lru_cache(maxsize=256)
def _written_options(frozen, selected, multiple):
    parts = []
    has_selected = False
    for value, label in frozen:
        group = label if isinstance(label, tuple) else None
        if group is not None:
            parts.append(f'\n  <optgroup label="{value}">')
        for option_value, option_label in group if group is not None else [(value, label)]:
            # As Django's optgroups: a single select marks only the first matching option.
            is_selected = (multiple or not has_selected) and option_value in selected
            has_selected |= is_selected
            parts.append(f'\n  <option value="{escape(option_value)}"{" selected" if is_selected else ""}>'
                         f"{option_label}</option>")
        if group is not None:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))  # values escaped here, labels and group names in _frozen



class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    pass


class QuickCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes, each followed by its label in a <div class="`item_class`">, written in Python.

    The same markup as looping over the field's boxes in a template with `{{ box.tag }}`, where
    every box costs three widget templates; the page's <fieldset> and <legend> stay in the page.
    """

    def __init__(self, attrs=None, *, item_class=""):
        super().__init__(attrs)
        self.item_class = item_class

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for _group_name, options, _index in widget["optgroups"]:
            for option in options:
                box = {"type": option["type"], "name": option["name"], "value": option["value"], **option["attrs"]}
                parts.append(format_html('<div class="{}"><input{}> <label for="{}" class="checkbox">{}</label></div>',
                                         self.item_class, attributes(box), option["attrs"].get("id", ""),
                                         option["label"]))
        return mark_safe("\n".join(parts))  # each piece is escaped by format_html


class OptionsSelect(QuickSelect):
    """A select that shows the options it is given; a model field's queryset only validates.

    A ModelChoiceField sets its widget's choices to a query whenever the form is copied, so the
    options are kept apart and put in place when the select is drawn.
    """

    def __init__(self, *, options, empty_label, attrs=None):
        super().__init__(attrs)
        self.options = options
        self.empty_label = empty_label

    def render(self, name, value, attrs=None, renderer=None):
        self.choices = [("", self.empty_label), *self.options]
        return super().render(name, value, attrs, renderer)
