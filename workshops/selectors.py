"""Reading the Fachtag's results: visible events, outcome lists, readable history, export rows."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.history import FieldChange, action_label, changes_between, consecutive_pairs, ordered_history
from core.models import Area, TargetGroup, User
from hannover_teilhabe.links import link_maker
from workshops.models import Event, Outcome, Workshop
from workshops.rules import sees_internal_events

AnyUser = User | AnonymousUser


def visible_events(user: AnyUser) -> QuerySet[Event]:
    """Public events for everyone; internal ones as workshops.rules decides (members, planners)."""
    events = Event.objects.all()
    if not sees_internal_events(user):
        events = events.filter(is_public=True)
    return events


def visible_outcomes(user: AnyUser) -> QuerySet[Outcome]:
    return Outcome.objects.filter(workshop__event__in=visible_events(user))


def with_details(outcomes: QuerySet[Outcome]) -> QuerySet[Outcome]:
    return outcomes.select_related("workshop__event", "field_of_action", "created_by").prefetch_related(
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "name")),
        Prefetch("areas", queryset=Area.objects.order_by("name")),
    )


def event_workshops(event: Event) -> QuerySet[Workshop]:
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


def board_columns(workshop: Workshop) -> list[tuple]:
    """The workshop's outcomes as three (kind, title, kind label, cards) columns, as on the flip chart."""
    cards = board_cards(workshop.outcomes.order_by("-weight", "title"))
    return [
        (kind, COLUMN_TITLES[kind], label, [card for card in cards if card["kind"] == kind])
        for kind, label in Outcome.Kind.choices
    ]


def board_cards(outcomes: QuerySet[Outcome]) -> list[dict]:
    """What the board's cards show of each outcome, read for all cards at once: a dict per card with
    the outcome's fields, its field of action's name, its target groups' and places' names and its links.

    Model rows, related managers and a reverse() per card cost more than the cards' template.
    """
    cards = list(outcomes.values("pk", "kind", "title", "description", "existing_offer", "citywide", "weight",
                                 field_of_action_name=F("field_of_action__name")))
    ids = [card["pk"] for card in cards]
    groups, places = defaultdict(list), defaultdict(list)
    group_rows = Outcome.target_groups.through.objects.filter(outcome_id__in=ids).order_by(
        "targetgroup__position", "targetgroup__name").values_list("outcome_id", "targetgroup__name")
    for outcome_id, name in group_rows:
        groups[outcome_id].append(name)
    place_rows = Outcome.areas.through.objects.filter(outcome_id__in=ids).order_by(
        "area__name").values_list("outcome_id", "area__name")
    for outcome_id, name in place_rows:
        places[outcome_id].append(name)
    detail_url, edit_url, delete_url = (link_maker(f"workshops:{name}")
                                        for name in ("outcome_detail", "outcome_edit", "outcome_delete"))
    for card in cards:
        pk = card["pk"]
        card.update(group_names=groups[pk], place_names=places[pk], detail_url=detail_url(pk),
                    edit_url=edit_url(pk), delete_url=delete_url(pk))
    return cards


def places_label(outcome: Outcome) -> str:
    parts = [_("gesamtstädtisch")] if outcome.citywide else []
    parts += [area.name for area in outcome.areas.all()]
    return ", ".join(parts)


# --- Export ---------------------------------------------------------------------------------

EXPORT_HEADER = [
    "Nr.", "Veranstaltung", "Workshop", "Art", "Titel", "Beschreibung", "bestehendes Angebot",
    "Handlungsfeld", "Zielgruppen", "Stadtteile/Bezirke", "Gewichtung", "erfasst am", "zuletzt geändert",
]


def export_rows(outcomes: Iterable[Outcome]) -> Iterator[list]:
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
class HistoryEntry:
    date: object
    user: object
    action: str
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)


def outcome_history(outcome: Outcome) -> list[HistoryEntry]:
    """The outcome's changes, newest first, each as 'field: old → new' in German."""
    records = ordered_history(outcome)
    pairs = consecutive_pairs(records)
    entries = []
    for (record, previous), changes in zip(pairs, changes_between(pairs, ignore=["created_by"]), strict=True):
        # A save that changed nothing a person reads is no entry of its own.
        if previous is None or record.history_type != "~" or changes:
            entries.append(HistoryEntry(
                date=record.history_date, user=record.history_user, action=action_label(record),
                reason=record.history_change_reason or "", changes=changes,
            ))
    entries.reverse()
    return entries
