"""Readable versions of a measure, on top of core.history: what changed, in German, names not ids."""

from typing import Any

from actionplan.models import Measure
from core import history

# Bookkeeping fields every save touches; a person does not read them as a change.
IGNORED_FIELDS = ["version", "updated_at", "created_at", "created_by", "reference", "is_demo"]


def field_label(name: str) -> str:
    return history.field_label(Measure, name)


def display(name: str, value: Any) -> str:
    """The value of a measure's field as a person reads it."""
    return history.display(Measure, name, value)


def current_value(measure: Measure, name: str) -> Any:
    if name in {field.name for field in Measure._meta.many_to_many}:
        return list(getattr(measure, name).all())
    return getattr(measure, name)


def record_changes(record: Any, previous: Any) -> list[history.FieldChange]:
    """The field changes from `previous` to `record` (two historical records)."""
    return history.changes_between([(record, previous)], ignore=IGNORED_FIELDS)[0]


def changed_field_names(measure: Measure, since_version: int) -> tuple[list[str], list]:
    """Fields changed by others since the version a person started editing from, and who changed them."""
    records = measure.history.order_by("-history_date", "-history_id")
    latest = records.first()
    base = records.filter(version=since_version).first()
    if latest is None or base is None or latest.pk == base.pk:
        return [], []
    delta = latest.diff_against(base, excluded_fields=IGNORED_FIELDS)
    editors = []
    for record in records.filter(history_date__gt=base.history_date).select_related("history_user"):
        if record.history_user and record.history_user not in editors:
            editors.append(record.history_user)
    return [change.field for change in delta.changes], editors


def timeline(measure: Measure) -> list[dict]:
    """Every saved version, newest first, each with what changed against the one before."""
    pairs = history.consecutive_pairs(history.ordered_history(measure))
    entries = [
        {"record": record, "number": index + 1, "created": previous is None, "changes": changes}
        for index, ((record, previous), changes) in enumerate(
            zip(pairs, history.changes_between(pairs, ignore=IGNORED_FIELDS), strict=True))
    ]
    entries.reverse()
    return entries
