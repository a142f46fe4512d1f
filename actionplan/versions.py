"""Readable versions of a measure: what changed between two states, in German, with names not ids."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, number_format

from actionplan.models import Measure

# Bookkeeping fields every save touches; a person does not read them as a change.
IGNORED_FIELDS = ["version", "updated_at", "created_at", "created_by", "reference", "is_demo"]
EMPTY = "(leer)"


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


def field_label(name):
    return str(Measure._meta.get_field(name).verbose_name)


def _related_names(model, ids):
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    return {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids)}


def display(name, value):
    """The value of a measure's field as a person reads it."""
    field = Measure._meta.get_field(name)
    if isinstance(field, models.ManyToManyField):
        items = list(value or [])
        if not items:
            return EMPTY
        if isinstance(items[0], dict):
            # A history snapshot: rows of the through table, keyed by the through model's fields.
            key = field.m2m_reverse_field_name()
            names = _related_names(field.related_model, [row.get(key) for row in items])
            labels = [names.get(row.get(key), "?") for row in items]
        elif isinstance(items[0], models.Model):
            labels = [str(item) for item in items]
        else:
            names = _related_names(field.related_model, items)
            labels = [names.get(item, "?") for item in items]
        return ", ".join(sorted(labels))
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        if isinstance(value, models.Model):
            return str(value)
        return _related_names(field.related_model, [value]).get(value, EMPTY)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "d.m.Y H:i")
    if isinstance(value, date):
        return date_format(value, "d.m.Y")
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    return str(value)


def current_value(measure, name):
    field = Measure._meta.get_field(name)
    if isinstance(field, models.ManyToManyField):
        return list(getattr(measure, name).all())
    if isinstance(field, models.ForeignKey):
        return getattr(measure, name)
    return getattr(measure, name)


def record_changes(record, previous):
    """The field changes from `previous` to `record` (two historical records)."""
    if previous is None:
        return []
    delta = record.diff_against(previous, excluded_fields=IGNORED_FIELDS)
    return [
        FieldChange(field_label(change.field), display(change.field, change.old), display(change.field, change.new))
        for change in delta.changes
    ]


def changed_field_names(measure, since_version):
    """Fields changed by others since the version a person started editing from."""
    history = measure.history.order_by("-history_date", "-history_id")
    latest = history.first()
    base = history.filter(version=since_version).first()
    if latest is None or base is None or latest.pk == base.pk:
        return [], []
    delta = latest.diff_against(base, excluded_fields=IGNORED_FIELDS)
    newer = history.filter(history_date__gt=base.history_date).select_related("history_user")
    editors = []
    for record in newer:
        if record.history_user and record.history_user not in editors:
            editors.append(record.history_user)
    return [change.field for change in delta.changes], editors


def timeline(measure):
    """Every saved version, newest first, each with what changed against the one before."""
    records = list(measure.history.order_by("history_date", "history_id").select_related("history_user"))
    entries = []
    previous = None
    for index, record in enumerate(records):
        entries.append({
            "record": record,
            "number": index + 1,
            "created": previous is None,
            "changes": record_changes(record, previous),
        })
        previous = record
    entries.reverse()
    return entries
