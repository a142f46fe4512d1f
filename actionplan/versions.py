"""Readable versions of a measure: what changed between two states, in German, with names not ids."""

from collections import defaultdict
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
M2M_FIELDS = [field.name for field in Measure._meta.many_to_many]


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


def field_label(name):
    return str(Measure._meta.get_field(name).verbose_name)


class RelatedNames:
    """Names of related objects, read with one query per model however many versions ask.

    Announce the ids first with `want()`; the first `get()` for a model reads all of them.
    """

    def __init__(self):
        self._wanted = defaultdict(set)
        self._names = {}

    def want(self, model, ids):
        self._wanted[model].update(i for i in ids if i is not None)

    def get(self, model, pk):
        if model not in self._names or pk not in self._names[model]:
            wanted = self._wanted[model] | {pk}
            self._names.setdefault(model, {}).update(
                (obj.pk, str(obj)) for obj in model._default_manager.filter(pk__in=wanted)
            )
            self._wanted[model] = set()
        return self._names[model].get(pk)


def _related_ids(field, value):
    """The primary keys in an m2m or foreign-key value, whatever form it arrives in."""
    if isinstance(field, models.ManyToManyField):
        key = field.m2m_reverse_field_name()
        return [item.get(key) if isinstance(item, dict) else getattr(item, "pk", item) for item in value or []]
    return [getattr(value, "pk", value)]


def display(name, value, names=None):
    """The value of a measure's field as a person reads it."""
    field = Measure._meta.get_field(name)
    if isinstance(field, models.ManyToManyField):
        items = list(value or [])
        if not items:
            return EMPTY
        if isinstance(items[0], models.Model):
            labels = [str(item) for item in items]
        else:
            # Ids, or rows of a history snapshot's through table.
            names = names or RelatedNames()
            ids = _related_ids(field, items)
            names.want(field.related_model, ids)
            labels = [names.get(field.related_model, pk) or "?" for pk in ids]
        return ", ".join(sorted(labels))
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        if isinstance(value, models.Model):
            return str(value)
        return (names or RelatedNames()).get(field.related_model, value) or EMPTY
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


def _m2m_ids(records):
    """Each record's related ids per m2m field, read with one query per field for all records."""
    ids = {record.pk: {name: [] for name in M2M_FIELDS} for record in records}
    if not records:
        return ids
    for name in M2M_FIELDS:
        key = Measure._meta.get_field(name).m2m_reverse_field_name()
        through = getattr(records[0], name).model
        rows = through.objects.filter(history__in=list(ids)).values_list("history_id", key)
        for history_id, related_id in rows:
            ids[history_id][name].append(related_id)
    for fields in ids.values():
        for related in fields.values():
            related.sort()
    return ids


def _changes_for_pairs(pairs):
    """FieldChanges for each (record, previous) pair, reading related rows once for all pairs."""
    records = list({r.pk: r for pair in pairs for r in pair if r is not None}.values())
    m2m = _m2m_ids(records)
    raw = []
    for record, previous in pairs:
        if previous is None:
            raw.append([])
            continue
        delta = record.diff_against(previous, excluded_fields=IGNORED_FIELDS + M2M_FIELDS)
        changes = [(change.field, change.old, change.new) for change in delta.changes]
        changes += [(name, m2m[previous.pk][name], m2m[record.pk][name]) for name in M2M_FIELDS
                    if m2m[previous.pk][name] != m2m[record.pk][name]]
        changes.sort(key=lambda change: change[0])
        raw.append(changes)
    names = RelatedNames()
    for changes in raw:
        for name, old, new in changes:
            field = Measure._meta.get_field(name)
            if field.is_relation:
                names.want(field.related_model, _related_ids(field, old) + _related_ids(field, new))
    return [
        [FieldChange(field_label(name), display(name, old, names), display(name, new, names))
         for name, old, new in changes]
        for changes in raw
    ]


def record_changes(record, previous):
    """The field changes from `previous` to `record` (two historical records)."""
    return _changes_for_pairs([(record, previous)])[0]


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
    pairs = [(record, records[index - 1] if index else None) for index, record in enumerate(records)]
    entries = [
        {"record": record, "number": index + 1, "created": previous is None, "changes": changes}
        for index, ((record, previous), changes) in enumerate(zip(pairs, _changes_for_pairs(pairs), strict=True))
    ]
    entries.reverse()
    return entries
