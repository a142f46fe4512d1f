"""Change history, one way for every app: one entry per save, and a readable German diff.

Models declare `history = History(m2m_fields=[...])` (django-simple-history underneath). Services
save through `save_with_history(...)`: simple_history on its own writes one entry per save *and*
one per many-to-many change, so a single edit by a person would show up as several. Pages read
`changes_between(...)`, built on simple_history's `diff_against`, with names instead of ids.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from core.numbers import format_number

EMPTY = "–"


class History(HistoricalRecords):
    """simple_history's records, remembered on the model so a service can write one entry itself."""

    def contribute_to_class(self, cls: type[models.Model], name: str) -> None:
        super().contribute_to_class(cls, name)
        cls._history_records = self


def save_with_history(instance: models.Model, *, by: Any, m2m: Mapping[str, Iterable] | None = None,
                      insert: Callable[[], None] | None = None) -> models.Model:
    """Save `instance` and set its many-to-many relations, leaving exactly one history entry.

    The entry is "angelegt" for a new object, "geändert" otherwise, and holds the relations as
    saved. `insert` replaces the first `save()` of a new object (e.g. one that retries on a
    taken number).
    """
    created = instance._state.adding
    instance.skip_history_when_saving = True
    try:
        if created and insert is not None:
            insert()
        else:
            instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving
    instance._history_user = by
    type(instance)._history_records.create_historical_record(instance, "+" if created else "~")
    return instance


# --- Reading the history -------------------------------------------------------------------

ACTIONS = {"+": gettext_lazy("angelegt"), "~": gettext_lazy("geändert"), "-": gettext_lazy("gelöscht")}


def action_label(record: Any) -> str:
    return str(ACTIONS[record.history_type])


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


class RelatedNames:
    """Names of related objects, read with one query per model however many versions ask.

    Announce the ids first with `want()`; the first `get()` for a model reads all of them.
    """

    def __init__(self) -> None:
        self._wanted: dict[type[models.Model], set] = defaultdict(set)
        self._names: dict[type[models.Model], dict] = {}

    def want(self, model: type[models.Model], ids: Iterable) -> None:
        self._wanted[model].update(i for i in ids if i is not None)

    def get(self, model: type[models.Model], pk: Any) -> str | None:
        if model not in self._names or pk not in self._names[model]:
            wanted = self._wanted[model] | {pk}
            self._names.setdefault(model, {}).update(
                (obj.pk, str(obj)) for obj in model._default_manager.filter(pk__in=wanted)
            )
            self._wanted[model] = set()
        return self._names[model].get(pk)


def field_label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _related_ids(field: models.Field, value: Any) -> list:
    """The primary keys in an m2m or foreign-key value, whatever form it arrives in."""
    if isinstance(field, models.ManyToManyField):
        key = field.m2m_reverse_field_name()
        return [item.get(key) if isinstance(item, dict) else getattr(item, "pk", item) for item in value or []]
    return [getattr(value, "pk", value)]


def display(model: type[models.Model], name: str, value: Any, names: RelatedNames | None = None) -> str:
    """A field's value as a person reads it: labels for choices, names for relations, German formats."""
    field = model._meta.get_field(name)
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
        return (names or RelatedNames()).get(field.related_model, value) or _("(gelöscht)")
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "d.m.Y H:i")
    if isinstance(value, date):
        return date_format(value, "d.m.Y")
    if isinstance(value, Decimal):
        return format_number(value, 2)
    if isinstance(value, int):
        return format_number(value, 0)
    return str(value)


def _m2m_ids(model: type[models.Model], records: Sequence, fields: Sequence[str]) -> dict:
    """Each record's related ids per m2m field, read with one query per field for all records."""
    ids = {record.pk: {name: [] for name in fields} for record in records}
    if not records:
        return ids
    for name in fields:
        key = model._meta.get_field(name).m2m_reverse_field_name()
        snapshot = getattr(records[0], name).model  # the history's copy of the through table
        for history_id, related_id in snapshot.objects.filter(history__in=list(ids)).values_list("history_id", key):
            ids[history_id][name].append(related_id)
    for fields_of_record in ids.values():
        for related in fields_of_record.values():
            related.sort()
    return ids


def changes_between(pairs: Sequence[tuple[Any, Any]], *, ignore: Iterable[str] = ()) -> list[list[FieldChange]]:
    """What changed in each (record, previous) pair of history records, as German label/old/new.

    Plain fields come from simple_history's `diff_against`; relations are read once for all pairs,
    so a page of many versions needs a fixed number of queries. The first version (previous is
    None) has no changes.
    """
    records = list({r.pk: r for pair in pairs for r in pair if r is not None}.values())
    if not records:
        return [[] for _pair in pairs]
    model = records[0].instance_type
    ignore = list(ignore)
    m2m_fields = [field.name for field in records[0]._history_m2m_fields if field.name not in ignore]
    m2m = _m2m_ids(model, records, m2m_fields)
    raw = []
    for record, previous in pairs:
        if previous is None:
            raw.append([])
            continue
        delta = record.diff_against(previous, excluded_fields=ignore + m2m_fields)
        changes = [(change.field, change.old, change.new) for change in delta.changes]
        changes += [(name, m2m[previous.pk][name], m2m[record.pk][name]) for name in m2m_fields
                    if m2m[previous.pk][name] != m2m[record.pk][name]]
        changes.sort(key=lambda change: change[0])
        raw.append(changes)
    names = RelatedNames()
    for changes in raw:
        for name, old, new in changes:
            field = model._meta.get_field(name)
            if field.is_relation:
                names.want(field.related_model, _related_ids(field, old) + _related_ids(field, new))
    return [
        [FieldChange(field_label(model, name), display(model, name, old, names), display(model, name, new, names))
         for name, old, new in changes]
        for changes in raw
    ]


def ordered_history(instance: models.Model) -> list:
    """The instance's history records, oldest first, with the person who saved each."""
    return list(instance.history.order_by("history_date", "history_id").select_related("history_user"))


def consecutive_pairs(records: Sequence) -> list[tuple[Any, Any]]:
    return [(record, records[index - 1] if index else None) for index, record in enumerate(records)]
