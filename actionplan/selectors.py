"""Reads of the action plan that several pages share: visibility, search, coverage, need."""

import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from actionplan.models import (
    Comment,
    ConsultationPeriod,
    Measure,
    MeasureIndicator,
    ProgressReport,
    Response,
    StatusChange,
)
from actionplan.rules import PUBLIC_STATES
from core.models import Area, User
from core.permissions import is_planner
from district_statistics.models import Indicator
from hannover_teilhabe.german_search import stems
from workshops.models import Outcome
from workshops.selectors import visible_outcomes

AnyUser = User | AnonymousUser
WORD = re.compile(r"\w+", re.UNICODE)


def visible_measures(user: AnyUser) -> QuerySet[Measure]:
    qs = Measure.objects.all()
    if not is_planner(user):
        qs = qs.filter(publication_state__in=PUBLIC_STATES)
    return qs


def measure_list(user: AnyUser) -> QuerySet[Measure]:
    # The comment count is a subquery per row, not a join and GROUP BY over every visible
    # measure: PostgreSQL evaluates it only for the rows a page shows, and the paginator's COUNT
    # leaves it out. Stellungnahmen only: replies are discussion under a comment, no Abwägung.
    visible_comments = (
        Comment.objects.filter(measure=OuterRef("pk"), hidden_at__isnull=True, parent__isnull=True)
        .order_by().values("measure").annotate(n=Count("pk")).values("n")
    )
    return (
        visible_measures(user).with_progress()
        .select_related("field_of_action", "lead_organisation")
        # A plain list per measure: a prefetch into the related manager builds a queryset per row.
        .prefetch_related(Prefetch("areas", to_attr="area_list"))
        .annotate(comment_count=Coalesce(Subquery(visible_comments, output_field=IntegerField()), 0))
        .order_by("reference")
    )


def search_measures(qs: QuerySet[Measure], text: str, *, vendor: str | None = None) -> QuerySet[Measure]:
    """German full-text search: PostgreSQL's own, and the same Snowball stems elsewhere.

    The Snowball stemmer maps "Familienzentren" to "familienzentr" but "Familienzentrum" to
    "familienzentrum"; a prefix match on each stemmed query term finds both. Only word
    characters reach the query, so nothing a user types can change its syntax. Without
    PostgreSQL (the embedded SQLite default) each measure's stored `search_document` holds the
    stems, and every query stem must start a word in it.
    """
    terms = WORD.findall(text or "")
    if not terms:
        return qs
    if (vendor or connection.vendor) == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        from actionplan.models import measure_search_vector

        vector = measure_search_vector()
        query = SearchQuery(" & ".join(f"{term}:*" for term in terms), search_type="raw", config="german")
        # Match with @@, rank only to order: ts_rank gives a tiny non-zero rank to a row that
        # matches only some of the terms, which let "günstigen Bahn" list every measure.
        # References are written in capitals; an exact match uses their unique index, so both
        # halves of the OR come from an index.
        return (
            qs.annotate(search_vector=vector, search_rank=SearchRank(vector, query))
            .filter(Q(search_vector=query) | Q(reference=text.strip().upper()))
            .order_by("-search_rank", "reference")
        )
    for term, stem in zip(terms, stems(" ".join(terms)), strict=True):
        qs = qs.filter(Q(search_document__contains=f" {stem}") | Q(reference__icontains=term))
    return qs


def measure_detail(user: AnyUser, reference: str) -> Measure:
    return (
        visible_measures(user)
        .select_related("field_of_action", "lead_organisation", "created_by")
        .prefetch_related(
            "target_groups", "areas", "partners", "milestones",
            # Each Sachstand names the milestone it reached.
            Prefetch("progress_reports", queryset=ProgressReport.objects.select_related("milestone")),
            Prefetch("indicator_links", queryset=_indicator_links()),
            Prefetch("status_changes", queryset=_status_changes()),
            # Results of an internal Fachtag stay among logged-in users, as on the workshop pages.
            Prefetch("outcomes", queryset=visible_outcomes(user).select_related("workshop__event")),
        )
        .get(reference=reference)
    )


def _indicator_links() -> QuerySet[MeasureIndicator]:
    return MeasureIndicator.objects.select_related("indicator")


def _status_changes() -> QuerySet[StatusChange]:
    return StatusChange.objects.select_related("changed_by").order_by("changed_at")


@dataclass
class CommentThread:
    comment: Comment
    replies: list = field(default_factory=list)


# A measure page shows the newest threads; the older ones are one link away, never gone.
COMMENT_THREADS_SHOWN = 20


def comment_threads(measure: Measure, *, latest: int | None = None) -> list[Comment]:
    """Top-level comments with their replies, oldest first; with `latest`, only the newest threads."""
    comments = Comment.objects.filter(measure=measure)
    if latest is not None:
        newest = (
            Comment.objects.filter(measure=measure, parent__isnull=True)
            .order_by("-created_at", "-pk").values("pk")[:latest]
        )
        comments = comments.filter(Q(pk__in=newest) | Q(parent__in=newest))
    comments = (
        comments.select_related("author", "organisation", "hidden_by", "response", "response__responded_by",
                                "parent")
        .order_by("created_at", "pk")
    )
    threads = OrderedDict()
    replies = []
    for comment in comments:
        if comment.parent_id is None:
            threads[comment.pk] = CommentThread(comment)
        else:
            replies.append(comment)
    for reply in replies:
        if reply.parent_id in threads:
            threads[reply.parent_id].replies.append(reply)
    return list(threads.values())


def comment_totals(measure: Measure) -> dict:
    return Comment.objects.filter(measure=measure).aggregate(
        threads=Count("pk", filter=Q(parent__isnull=True)), comments=Count("pk"),
    )


def comment_among_latest(comment: Comment, *, latest: int = COMMENT_THREADS_SHOWN) -> bool:
    """Whether a comment's thread is among those the measure page shows without asking for all."""
    top = comment.parent or comment
    newer = Comment.objects.filter(measure_id=top.measure_id, parent__isnull=True).filter(
        Q(created_at__gt=top.created_at) | Q(created_at=top.created_at, pk__gt=top.pk)
    )
    return newer.count() < latest


def current_period() -> ConsultationPeriod | None:
    return ConsultationPeriod.objects.open_at().order_by("ends_at").first()


def next_period() -> ConsultationPeriod | None:
    from django.utils import timezone

    return ConsultationPeriod.objects.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()


def coverage(user: AnyUser) -> list[dict]:
    """Urgent problems and improvement needs that no measure the user can see takes up yet."""
    measure_ids = visible_measures(user).values("pk")
    outcomes = (
        visible_outcomes(user)
        .filter(kind__in=[Outcome.Kind.URGENT, Outcome.Kind.IMPROVE])
        .exclude(measures__in=measure_ids)
        .select_related("workshop__event", "field_of_action")
        .prefetch_related("areas")
        .order_by("workshop__event__date", "workshop__event__title", "workshop__number",
                  "field_of_action__position", "field_of_action__name", "kind", "-weight", "title")
    )
    groups = OrderedDict()
    for outcome in outcomes:
        workshop_group = groups.setdefault(outcome.workshop_id, {"workshop": outcome.workshop, "fields": OrderedDict()})
        key = outcome.field_of_action_id or 0
        workshop_group["fields"].setdefault(key, {"field": outcome.field_of_action, "outcomes": []})
        workshop_group["fields"][key]["outcomes"].append(outcome)
    return [
        {"workshop": g["workshop"], "fields": list(g["fields"].values()),
         "count": sum(len(f["outcomes"]) for f in g["fields"].values())}
        for g in groups.values()
    ]


def related_area_ids(area: Area) -> set[int]:
    """An area together with the areas a measure may name for it: its Bezirk or its Stadtteile."""
    ids = {area.pk}
    if area.kind == Area.Kind.QUARTER and area.parent_id:
        ids.add(area.parent_id)
    elif area.kind == Area.Kind.DISTRICT:
        ids.update(Area.objects.filter(parent=area).values_list("pk", flat=True))
    return ids


def measures_for_area(user: AnyUser, area: Area) -> QuerySet[Measure]:
    if area.kind == Area.Kind.CITY:
        qs = visible_measures(user).filter(Q(citywide=True) | Q(areas=area))
    else:
        qs = visible_measures(user).filter(areas__in=related_area_ids(area))
    return qs.distinct().select_related("field_of_action").order_by("reference")


def consultation_overview() -> dict:
    measures = (
        Measure.objects.annotate(
            top_level=Count("comments", filter=Q(comments__parent__isnull=True), distinct=True),
            open_count=Count(
                "comments",
                filter=Q(comments__parent__isnull=True, comments__response__isnull=True,
                         comments__hidden_at__isnull=True),
                distinct=True,
            ),
        )
        .filter(top_level__gt=0)
        .order_by("-open_count", "reference")
    )
    open_comments = (
        Comment.objects.filter(parent__isnull=True, response__isnull=True, hidden_at__isnull=True)
        .select_related("measure", "organisation", "author")
        .order_by("measure__reference", "created_at")
    )
    by_measure = defaultdict(list)
    for comment in open_comments:
        by_measure[comment.measure_id].append(comment)
    counts = dict(Response.objects.values_list("disposition").annotate(n=Count("pk")).values_list("disposition", "n"))
    dispositions = [(value, label, counts.get(value, 0)) for value, label in Response.Disposition.choices]
    rows = [{"measure": m, "open_comments": by_measure.get(m.pk, [])} for m in measures]
    return {"rows": rows, "dispositions": dispositions, "open_total": len(open_comments)}


# --- Need and action -------------------------------------------------------------------------

@dataclass
class NeedRow:
    area: Area
    value: Decimal | None
    text: str
    suppressed: bool
    by_status: dict
    total: int
    high_need: bool = False
    status_counts: list = field(default_factory=list)  # by_status's numbers, in the order of Measure.Status


def need_indicators() -> QuerySet[Indicator]:
    from district_statistics.models import Indicator

    return Indicator.objects.filter(is_published=True, higher_is_worse=True).order_by(
        "-is_key_indicator", "position", "name"
    )


def default_need_indicator(indicators: Iterable[Indicator] | None = None) -> Indicator | None:
    indicators = list(need_indicators() if indicators is None else indicators)
    for indicator in indicators:
        if indicator.is_key_indicator:
            return indicator
    return indicators[0] if indicators else None


def need_and_action(user: AnyUser, indicator: Indicator | None, level: str) -> dict:
    from district_statistics.models import Value
    from district_statistics.numbers import present_value
    from district_statistics.selectors import default_year

    kind = Area.Kind.DISTRICT if level == Area.Kind.DISTRICT else Area.Kind.QUARTER
    # The level's areas and, for counting measures across levels, every Stadtteil's Bezirk: one read.
    read = list(Area.objects.filter(kind__in={kind, Area.Kind.QUARTER}).order_by("number"))
    areas = [area for area in read if area.kind == kind]
    year = None
    values = {}
    if indicator is not None:
        # The year the statistics pages open on, so a handful of next year's values don't empty this page.
        year = default_year(indicator=indicator, level=kind)
        if year is not None:
            values = {v.area_id: v for v in Value.objects.filter(indicator=indicator, area__kind=kind, year=year)}

    # Which visible measure names which area; a Stadtteil counts its Bezirk's measures too and a
    # Bezirk counts those of its Stadtteile, as on the area profile.
    parent_of = {area.pk: area.parent_id for area in read if area.kind == Area.Kind.QUARTER}
    quarters_of = defaultdict(set)
    for quarter, parent in parent_of.items():
        quarters_of[parent].add(quarter)
    # Each visible measure with each area it names (or none): the links and the citywide count in one read.
    links = visible_measures(user).order_by().values_list("pk", "areas", "status", "citywide")
    measures_per_area = defaultdict(dict)
    citywide_ids = set()
    for measure_id, area_id, status, is_citywide in links:
        if is_citywide:
            citywide_ids.add(measure_id)
        if area_id is None:
            continue
        if kind == Area.Kind.QUARTER:
            if area_id in parent_of:
                targets = {area_id}
            else:
                targets = quarters_of.get(area_id, set())
        else:
            targets = {parent_of.get(area_id, area_id)}
        for target in targets:
            measures_per_area[target][measure_id] = status
    citywide = len(citywide_ids)

    rows = []
    for area in areas:
        statuses = measures_per_area.get(area.pk, {})
        by_status = {value: 0 for value, _label in Measure.Status.choices}
        for status in statuses.values():
            by_status[status] += 1
        value = values.get(area.pk)
        # The statistics app alone decides what small numbers hide, so this page agrees with the map.
        shown = present_value(indicator, value=value.value, numerator=value.numerator,
                              denominator=value.denominator) if value else present_value(indicator, value=None)
        rows.append(NeedRow(area, shown.value, shown.text, shown.suppressed, by_status, len(statuses),
                            status_counts=list(by_status.values())))

    ranked = sorted((r for r in rows if r.value is not None), key=lambda r: r.value, reverse=True)
    top_third = ranked[: max(1, len(ranked) // 3)] if ranked else []
    for row in top_third:
        row.high_need = True
    average = (sum(r.total for r in rows) / len(rows)) if rows else 0
    gaps = sorted((r for r in top_third if r.total < average), key=lambda r: (r.total, -r.value))
    return {
        "rows": rows,
        "year": year,
        "top_third": top_third,
        "gaps": gaps,
        "average": average,
        "citywide": citywide,
        "highest": ranked[0] if ranked else None,
        "lowest": ranked[-1] if ranked else None,
    }
