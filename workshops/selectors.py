"""Reading the Fachtag's results: visible events, outcome lists, readable history, export rows."""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.models import Area, FieldOfAction, TargetGroup
from workshops.models import Event, Outcome, Workshop
from workshops.rules import sees_internal_events


def visible_events(user):
    """Public events for everyone; internal ones as workshops.rules decides (members, planners)."""
    events = Event.objects.all()
    if not sees_internal_events(user):
        events = events.filter(is_public=True)
    return events


def visible_outcomes(user):
    return Outcome.objects.filter(workshop__event__in=visible_events(user))


def with_details(outcomes):
    return outcomes.select_related("workshop__event", "field_of_action", "created_by").prefetch_related(
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "name")),
        Prefetch("areas", queryset=Area.objects.order_by("name")),
    )


def event_workshops(event):
    kinds = Outcome.Kind
    return event.workshops.annotate(
        works_count=Count("outcomes", filter=Q(outcomes__kind=kinds.WORKS)),
        improve_count=Count("outcomes", filter=Q(outcomes__kind=kinds.IMPROVE)),
        urgent_count=Count("outcomes", filter=Q(outcomes__kind=kinds.URGENT)),
        total_count=Count("outcomes"),
    ).order_by("number")


COLUMN_TITLES = {
    Outcome.Kind.WORKS: _lazy("Bereits erfolgreich umgesetzt"),
    Outcome.Kind.IMPROVE: _lazy("Verbesserungsbedarf"),
    Outcome.Kind.URGENT: _lazy("Dringende Probleme"),
}


def board_columns(workshop):
    """The workshop's outcomes as three (kind, title, kind label, outcomes) columns, as on the flip chart."""
    outcomes = list(with_details(workshop.outcomes.all()).order_by("-weight", "title"))
    return [
        (kind, COLUMN_TITLES[kind], label, [item for item in outcomes if item.kind == kind])
        for kind, label in Outcome.Kind.choices
    ]


def places_label(outcome):
    parts = [_("gesamtstädtisch")] if outcome.citywide else []
    parts += [area.name for area in outcome.areas.all()]
    return ", ".join(parts)


# --- Export ---------------------------------------------------------------------------------

EXPORT_HEADER = [
    "Nr.", "Veranstaltung", "Workshop", "Art", "Titel", "Beschreibung", "bestehendes Angebot",
    "Handlungsfeld", "Zielgruppen", "Stadtteile/Bezirke", "Gewichtung", "erfasst am", "zuletzt geändert",
]


def export_rows(outcomes):
    for outcome in outcomes:
        yield [
            outcome.pk,
            outcome.workshop.event.title,
            str(outcome.workshop),
            outcome.get_kind_display(),
            outcome.title,
            outcome.description,
            outcome.existing_offer,
            outcome.field_of_action.name if outcome.field_of_action else "",
            ", ".join(group.name for group in outcome.target_groups.all()),
            places_label(outcome),
            outcome.weight,
            # Real dates, so a spreadsheet can sort and filter them; the CSV writer spells them German.
            timezone.localtime(outcome.created_at).date(),
            outcome.updated_at,
        ]


# --- History --------------------------------------------------------------------------------

@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    date: object
    user: object
    action: str
    reason: str = ""
    changes: list = field(default_factory=list)


SIMPLE_FIELDS = ["kind", "title", "description", "existing_offer", "field_of_action_id", "citywide",
                 "weight", "workshop_id"]


def outcome_history(outcome):
    """The outcome's changes, newest first, each as 'field: old → new' in German."""
    records = list(outcome.history.select_related("history_user").order_by("history_date", "history_id"))
    if not records:
        return []
    ids = [record.history_id for record in records]
    tg_model = apps.get_model("workshops", "HistoricalOutcome_target_groups")
    area_model = apps.get_model("workshops", "HistoricalOutcome_areas")
    groups_by_record, areas_by_record = {}, {}
    for history_id, pk in tg_model.objects.filter(history_id__in=ids).values_list("history_id", "targetgroup_id"):
        groups_by_record.setdefault(history_id, set()).add(pk)
    for history_id, pk in area_model.objects.filter(history_id__in=ids).values_list("history_id", "area_id"):
        areas_by_record.setdefault(history_id, set()).add(pk)

    group_names = dict(TargetGroup.objects.values_list("pk", "name"))
    area_names = dict(Area.objects.values_list("pk", "name"))
    field_names = dict(FieldOfAction.objects.values_list("pk", "name"))
    workshop_names = {w.pk: str(w) for w in Workshop.objects.filter(
        pk__in={record.workshop_id for record in records})}
    kind_labels = dict(Outcome.Kind.choices)
    meta = Outcome._meta

    def show(name, value):
        if value in (None, ""):
            return "–"
        if name == "kind":
            return str(kind_labels.get(value, value))
        if name == "field_of_action_id":
            return field_names.get(value, _("(gelöscht)"))
        if name == "workshop_id":
            return workshop_names.get(value, _("(gelöscht)"))
        if name == "citywide":
            return _("ja") if value else _("nein")
        if name == "weight":
            return formats.number_format(value)
        return str(value)

    def names(pks, lookup):
        return ", ".join(sorted(lookup.get(pk, "?") for pk in pks)) or "–"

    entries = []
    previous = None
    for record in records:
        groups = groups_by_record.get(record.history_id, set())
        areas = areas_by_record.get(record.history_id, set())
        changes = []
        if previous is not None:
            for name in SIMPLE_FIELDS:
                old, new = getattr(previous[0], name), getattr(record, name)
                if old != new:
                    label = meta.get_field(name.removesuffix("_id")).verbose_name
                    changes.append(Change(str(label), show(name, old), show(name, new)))
            if previous[1] != groups:
                changes.append(Change(str(meta.get_field("target_groups").verbose_name),
                                      names(previous[1], group_names), names(groups, group_names)))
            if previous[2] != areas:
                changes.append(Change(str(meta.get_field("areas").verbose_name),
                                      names(previous[2], area_names), names(areas, area_names)))
        action = {"+": _("angelegt"), "~": _("geändert"), "-": _("gelöscht")}[record.history_type]
        if record.history_type != "~" or changes:
            entries.append(HistoryEntry(
                date=record.history_date, user=record.history_user, action=action,
                reason=record.history_change_reason or "", changes=changes,
            ))
        previous = (record, groups, areas)
    entries.reverse()
    return entries
