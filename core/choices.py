"""Choices built from master data, read once per change of that data instead of once per request.

A select of 65 areas costs a query and, rendered through Django's widget templates, a good part
of a list page. The choices live in the shared cache under a version number; every save or
delete of the data they are built from sets a new version once its transaction has committed,
so the next request anywhere reads the new choices and an old entry is never read again.
Without a reachable cache the version is unknown and the choices are simply built afresh.
"""

import time

from django import forms
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

VERSION_KEY = "choices:version"
_builders = {}
# One process keeps the choices of the version it last saw: a request then costs one cache read.
_local = {"version": None, "choices": {}}


def register(name, build):
    """`build()` returns a list of (value, label) pairs; it must read only the watched models."""
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

    Each option through the template engine costs more than the database read of its row, and
    even Django's option dictionaries (`optgroups`) cost more than writing the option itself; the
    options are written straight from the choices, with Django's rules for which is selected.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        chosen = set(self.format_value(value))
        state = {"found": False}
        parts = [format_html('<select name="{}"{}>', name, flatatt(attrs))]
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):
                parts.append(format_html('\n  <optgroup label="{}">', option_value))
                parts.extend(self._option(value_, label_, chosen, state) for value_, label_ in option_label)
                parts.append("\n  </optgroup>")
            else:
                parts.append(self._option(option_value, option_label, chosen, state))
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # each piece is escaped by format_html

    def _option(self, value, label, chosen, state):
        value = "" if value is None else str(value)
        # As in Django: a single select marks only the first option that matches.
        selected = (not state["found"] or self.allow_multiple_selected) and value in chosen
        state["found"] = state["found"] or selected
        return format_html('\n  <option value="{}"{}>{}</option>', value, " selected" if selected else "", label)


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    pass


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
