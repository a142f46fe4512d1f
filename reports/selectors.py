"""Everything the PDF report reads from the workshops, the action plan and the statistics.

The report is the department's document: measures are chosen by publication state, never by the
permissions of whoever pressed the button. All reads are batched (prefetch) so that a plan with
hundreds of measures and a thousand comments costs a fixed, small number of queries.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from actionplan.models import Comment, Measure, MeasureIndicator
from core.models import Area, FieldOfAction
from district_statistics import numbers
from district_statistics.maps import choropleth_svg
from district_statistics.models import Indicator, NonTakeUpEstimate
from district_statistics.selectors import default_years, ranking
from reports.models import ReportExport
from workshops.models import Event, Outcome, Workshop

ALL_STATES = [choice.value for choice in Measure.Publication]


@dataclass(frozen=True)
class ReportOptions:
    states: tuple
    field_of_action_ids: tuple  # empty: every field of action
    include_consultation: bool = True
    include_statistics: bool = True

    @classmethod
    def from_dict(cls, data):
        states = tuple(sorted(s for s in data.get("states", ()) if s in ALL_STATES)) or tuple(sorted(ALL_STATES))
        fields = tuple(sorted({int(pk) for pk in data.get("fields_of_action", ())}))
        return cls(
            states=states,
            field_of_action_ids=fields,
            include_consultation=bool(data.get("consultation", True)),
            include_statistics=bool(data.get("statistics", True)),
        )

    def as_dict(self):
        return {
            "states": list(self.states),
            "fields_of_action": list(self.field_of_action_ids),
            "consultation": self.include_consultation,
            "statistics": self.include_statistics,
        }

    @property
    def only_adopted(self):
        return self.states == (Measure.Publication.ADOPTED.value,)


def describe_options(options: ReportOptions, *, field_names: dict[int, str]) -> str:
    """The options as a German sentence for the list of builds; field_names maps pk to name, in order."""
    labels = dict(Measure.Publication.choices)
    parts = [", ".join(str(labels[s]) for s in options.states)]
    if options.field_of_action_ids:
        names = [name for pk, name in field_names.items() if pk in options.field_of_action_ids]
        parts.append(_("Handlungsfelder: %(names)s") % {"names": ", ".join(names) or _("nicht mehr vorhanden")})
    else:
        parts.append(_("alle Handlungsfelder"))
    parts.append(_("mit Beteiligungsanhang") if options.include_consultation else _("ohne Beteiligungsanhang"))
    parts.append(_("mit Statistik") if options.include_statistics else _("ohne Statistik"))
    return " · ".join(parts)


def describe_exports(exports: Iterable[ReportExport]) -> Iterable[ReportExport]:
    """Set options_text on each build; the names of the chosen fields of action in one query."""
    from reports import implementation

    parsed = [(export, ReportOptions.from_dict(export.options)) for export in exports]
    wanted = {pk for _export, options in parsed for pk in options.field_of_action_ids}
    field_names = dict(FieldOfAction.objects.filter(pk__in=wanted).order_by("position", "name")
                       .values_list("pk", "name")) if wanted else {}
    for export, options in parsed:
        if implementation.is_implementation(export.options):
            export.options_text = implementation.describe(export.options, field_names=field_names)
        else:
            export.options_text = describe_options(options, field_names=field_names)
    return exports


def report_measures(options: ReportOptions, *, only_public_events: bool = False) -> list[Measure]:
    outcomes = Outcome.objects.select_related("workshop").order_by("workshop__number", "kind", "-weight", "title")
    if only_public_events:
        # A final report shows no results of internal events, here as in the process and coverage chapters.
        outcomes = outcomes.filter(workshop__event__is_public=True)
    measures = (
        Measure.objects.with_progress().filter(publication_state__in=options.states)
        .select_related("field_of_action", "lead_organisation")
        .prefetch_related(
            "partners",
            "target_groups",
            Prefetch("areas", queryset=Area.objects.order_by("kind", "name")),
            "milestones",
            Prefetch("indicator_links", queryset=MeasureIndicator.objects.select_related("indicator")
                     .order_by("indicator__position", "indicator__name")),
            Prefetch("outcomes", queryset=outcomes),
        )
        .annotate(visible_comment_count=Count("comments", filter=Q(comments__hidden_at__isnull=True,
                                                                   comments__parent__isnull=True)))
        .order_by("field_of_action__position", "field_of_action__name", "reference")
    )
    if options.field_of_action_ids:
        measures = measures.filter(field_of_action_id__in=options.field_of_action_ids)
    return list(measures)


def measure_counts_by_field(options):
    """(field of action, number of measures the options select) in report order; one query each."""
    measures = Measure.objects.filter(publication_state__in=options.states)
    if options.field_of_action_ids:
        measures = measures.filter(field_of_action_id__in=options.field_of_action_ids)
    counts = dict(measures.values_list("field_of_action_id").annotate(n=Count("pk")).order_by())
    fields = FieldOfAction.objects.filter(pk__in=counts).order_by("position", "name")
    return [(foa, counts[foa.pk]) for foa in fields]


def visible_comment_count(options):
    """How many comments the consultation appendix of a report with these options would print."""
    comments = Comment.objects.filter(measure__publication_state__in=options.states, hidden_at__isnull=True)
    if options.field_of_action_ids:
        comments = comments.filter(measure__field_of_action_id__in=options.field_of_action_ids)
    return comments.count()


@dataclass
class FieldChapter:
    field: FieldOfAction
    measures: list
    anchor: str
    status_counts: list = field(default_factory=list)


def field_chapters(measures: list[Measure], options: ReportOptions) -> list[FieldChapter]:
    by_field = defaultdict(list)
    for measure in measures:
        by_field[measure.field_of_action_id].append(measure)
    fields = FieldOfAction.objects.all()
    if options.field_of_action_ids:
        fields = fields.filter(pk__in=options.field_of_action_ids)
    status_labels = dict(Measure.Status.choices)
    chapters = []
    for foa in fields:
        items = by_field.get(foa.pk, [])
        if not items and not foa.is_active:
            continue
        counts = Counter(m.status for m in items)
        chapters.append(FieldChapter(
            field=foa, measures=items, anchor=f"handlungsfeld-{foa.pk}",
            status_counts=[(status_labels[s], counts[s]) for s in Measure.Status.values if counts[s]],
        ))
    return chapters


def process_overview(*, only_public_events: bool) -> dict:
    """The Fachtag(s), their workshops and how many outcomes of each kind each workshop produced."""
    events = Event.objects.order_by("date", "title")
    if only_public_events:
        events = events.filter(is_public=True)
    workshops = (
        Workshop.objects.filter(event__in=events)
        .annotate(
            works=Count("outcomes", filter=Q(outcomes__kind=Outcome.Kind.WORKS)),
            improve=Count("outcomes", filter=Q(outcomes__kind=Outcome.Kind.IMPROVE)),
            urgent=Count("outcomes", filter=Q(outcomes__kind=Outcome.Kind.URGENT)),
        )
        .order_by("number")
    )
    per_event = defaultdict(list)
    for workshop in workshops:
        per_event[workshop.event_id].append(workshop)
    result = []
    for event in events:
        items = per_event.get(event.pk, [])
        totals = {
            "works": sum(w.works for w in items),
            "improve": sum(w.improve for w in items),
            "urgent": sum(w.urgent for w in items),
            "participants": sum(w.participant_count or 0 for w in items),
        }
        totals["all"] = totals["works"] + totals["improve"] + totals["urgent"]
        result.append({"event": event, "workshops": items, "totals": totals})
    return result


def uncovered_urgent_outcomes(measures: list[Measure], *, only_public_events: bool) -> dict:
    """Urgent problems from the workshops that no measure in this report takes up."""
    covered = {outcome.pk for measure in measures for outcome in measure.outcomes.all()}
    outcomes = (
        Outcome.objects.filter(kind=Outcome.Kind.URGENT)
        .select_related("workshop", "workshop__event", "field_of_action")
        .prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("kind", "name")))
        .order_by("field_of_action__position", "field_of_action__name", "-weight", "title")
    )
    if only_public_events:
        outcomes = outcomes.filter(workshop__event__is_public=True)
    groups = defaultdict(list)
    total = 0
    covered_count = 0
    for outcome in outcomes:
        total += 1
        if outcome.pk in covered:
            covered_count += 1
            continue
        label = outcome.field_of_action.name if outcome.field_of_action else "ohne Handlungsfeld"
        groups[label].append(outcome)
    return {"groups": list(groups.items()), "total": total, "covered": covered_count,
            "uncovered": total - covered_count}


@dataclass
class AppendixThread:
    """A Stellungnahme (top-level comment) with the replies that discuss it."""

    comment: Comment
    replies: list = field(default_factory=list)

    @property
    def shown(self):
        # A hidden comment stays in the record when the administration answered it or others replied.
        return not self.comment.is_hidden or hasattr(self.comment, "response") or bool(self.replies)


def consultation_appendix(measures: list[Measure]) -> dict:
    """Stellungnahmen with the administration's answer and, under each, the replies to it.

    Replies are not Stellungnahmen: they are not counted and carry no Abwägung. A hidden comment's
    text is left out, but its answer and the replies to it stay, with a note why it was hidden."""
    measure_ids = [m.pk for m in measures]
    comments = (
        Comment.objects.filter(measure_id__in=measure_ids)
        .select_related("organisation", "author", "response", "measure")
        .order_by("created_at", "pk")
    )
    threads = {}
    replies = []
    for comment in comments:
        if comment.parent_id is None:
            threads[comment.pk] = AppendixThread(comment)
        elif not comment.is_hidden:
            replies.append(comment)
    for reply in replies:
        if reply.parent_id in threads:
            threads[reply.parent_id].replies.append(reply)
    by_measure = defaultdict(list)
    for thread in threads.values():
        if thread.shown:
            by_measure[thread.comment.measure_id].append(thread)
    sections = [(m, by_measure[m.pk]) for m in measures if by_measure.get(m.pk)]
    statements = [t.comment for t in threads.values()]
    return {
        "sections": sections,
        "visible": sum(1 for c in statements if not c.is_hidden),
        "hidden": sum(1 for c in statements if c.is_hidden),
        "answered": sum(1 for c in statements if not c.is_hidden and hasattr(c, "response")),
        "replies": len(replies),
    }


# --- statistics -----------------------------------------------------------------------------

RANKING_COLUMNS = 3


def _ranking_grid(rows: list, columns: int = RANKING_COLUMNS) -> list[list]:
    """Rows for one table that shows the ranking in side-by-side column groups (fits one page)."""
    height = -(-len(rows) // columns) if rows else 0
    chunks = [rows[i:i + height] for i in range(0, len(rows), height)] if height else []
    return [[chunk[i] if i < len(chunk) else None for chunk in chunks] for i in range(height)]


def statistics_chapter() -> dict:
    """Every published indicator, key indicators first, with the statistics app's own map and ranking
    (the same SVG as its pages): the report shows what the public statistics pages show."""
    indicators = list(
        Indicator.objects.filter(is_published=True).order_by("-is_key_indicator", "position", "name")
    )
    # The year the web pages open on: a handful of next year's values must not empty the map.
    latest = default_years(indicators=indicators, level="stadtteil")
    estimates = {e.indicator_id: e for e in NonTakeUpEstimate.objects.filter(indicator__in=indicators)}

    items = []
    for indicator in indicators:
        year = latest.get(indicator.pk)
        if year is None:
            items.append({"indicator": indicator, "year": None})
            continue
        rows = ranking(indicator=indicator, year=year, level="stadtteil")
        city = getattr(rows, "city", None)
        estimate = estimates.get(indicator.pk)
        dark = None
        if indicator.counts_benefit_recipients and estimate and city is not None and city.value is not None:
            # Applied to the city's own value, as the statistics pages do.
            dark = numbers.dark_figure_range(indicator, estimate, city.value)
            dark = {"range": dark, "low": numbers.format_with_unit(indicator, dark.low),
                    "high": numbers.format_with_unit(indicator, dark.high)}
        items.append({
            "indicator": indicator,
            "year": year,
            "svg": choropleth_svg(indicator=indicator, year=year, level="stadtteil", values=rows),
            "ranking_grid": _ranking_grid(list(rows)),
            "ranking_column_count": min(RANKING_COLUMNS, len(rows)),
            "city_text": city.text if city is not None and city.value is not None else "",
            "estimate": estimate,
            "dark_figure": dark,
        })
    return {
        "indicators": items,
        "example_data": any(i.is_example_data for i in indicators),
        "geodata_attribution": numbers.GEODATA_ATTRIBUTION,
        "example_note": numbers.EXAMPLE_DATA_NOTE,
    }


def report_data(options: ReportOptions, *, is_draft: bool) -> dict:
    only_public_events = not is_draft
    measures = report_measures(options, only_public_events=only_public_events)
    overview = field_chapters(measures, options)
    data = {
        "measures": measures,
        "overview": overview,
        # Empty fields of action appear in the overview table, not as empty chapters.
        "chapters": [chapter for chapter in overview if chapter.measures],
        "process": process_overview(only_public_events=only_public_events),
        "coverage": uncovered_urgent_outcomes(measures, only_public_events=only_public_events),
        "measure_count": len(measures),
        "demo_measures": any(m.is_demo for m in measures),
    }
    if options.include_statistics:
        data["statistics"] = statistics_chapter()
    if options.include_consultation:
        data["consultation"] = consultation_appendix(measures)
    return data
