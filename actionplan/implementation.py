"""Reads about a measure after adoption: overdue reports, its journey, progress summed up.

Every figure of the Umsetzung page is computed here from the same rules the measure list's
filters apply, so the link beside a figure lists exactly the measures the figure counts.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Max, Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actionplan.models import (
    Comment,
    ConsultationPeriod,
    Measure,
    ProgressReport,
    ProgressReportRequest,
    Response,
)
from actionplan.selectors import visible_measures
from core.models import Area, FieldOfAction, TargetGroup
from workshops.models import Outcome
from workshops.selectors import visible_outcomes

OVERDUE = "ueberfaellig"


# --- overdue reports -------------------------------------------------------------------------

def overdue_cutoff(today=None):
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.PROGRESS_REPORT_OVERDUE_DAYS)


def overdue_q(today=None):
    """Measures in implementation whose latest Sachstand (or, lacking one, their start) is too old.

    Use on a queryset annotated with `last_report_on` (see `with_last_report`).
    """
    cutoff = overdue_cutoff(today)
    no_report_since = Q(last_report_on__isnull=True) & (
        Q(start_date__lt=cutoff) | Q(start_date__isnull=True, created_at__date__lt=cutoff)
    )
    return Q(status=Measure.Status.IMPLEMENTATION) & (Q(last_report_on__lt=cutoff) | no_report_since)


def with_last_report(qs):
    return qs.annotate(last_report_on=Max("progress_reports__reported_on"))


def overdue_measures(user, today=None):
    return with_last_report(visible_measures(user)).filter(overdue_q(today)).order_by("reference")


def is_overdue(measure, today=None):
    if measure.status != Measure.Status.IMPLEMENTATION:
        return False
    latest = measure.latest_progress_report
    cutoff = overdue_cutoff(today)
    if latest is not None:
        return latest.reported_on < cutoff
    since = measure.start_date or timezone.localdate(measure.created_at)
    return since < cutoff


def open_progress_request(measure):
    """The newest request no Sachstand has answered yet, or None."""
    request = ProgressReportRequest.objects.filter(measure=measure).select_related("requested_by").first()
    if request is None:
        return None
    answered = measure.progress_reports.filter(created_at__gte=request.requested_at).exists()
    return None if answered else request


def missing_plain_summaries():
    """Measures in consultation that still lack a summary in plain language (for planners)."""
    return (Measure.objects.filter(publication_state=Measure.Publication.CONSULTATION, plain_summary="")
            .select_related("field_of_action").order_by("reference"))


# --- the measure's journey -------------------------------------------------------------------

@dataclass
class TimelineEntry:
    when: datetime.datetime
    kind: str
    label: str
    text: str
    url: str
    date_only: bool = False
    detail: str = ""

    @property
    def day(self):
        return self.when.date() if self.date_only else timezone.localtime(self.when).date()


KIND_ORDER = {
    "outcome": 0, "created": 1, "publication": 2, "period_start": 3, "comment": 4, "response": 5,
    "status": 6, "milestone": 7, "progress": 8, "period_end": 9,
}


def _at(day):
    """A date placed at the start of that day in Hannover, so it sorts among timestamps."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _publication_changes(measure):
    """(when, state) each time the measure's publication state changed, from its saved versions."""
    changes, previous = [], None
    for when, state in measure.history.order_by("history_date", "history_id").values_list(
            "history_date", "publication_state"):
        if state != previous:
            changes.append((when, state))
        previous = state
    return changes


def measure_timeline(user, measure):
    """The measure's story from the workshops to its latest Sachstand, oldest first.

    Works on a measure read with `selectors.measure_detail` (outcomes, status changes and
    milestones prefetched); reads comments, responses, versions, periods and reports once each.
    """
    page = measure.get_absolute_url()
    entries = []
    for outcome in measure.outcomes.all():
        event = outcome.workshop.event
        entries.append(TimelineEntry(
            _at(event.date), "outcome", _("Ergebnis aus dem Workshop"),
            _("„%(title)s“ (%(kind)s) – Workshop %(number)s „%(workshop)s“, %(event)s") % {
                "title": outcome.title, "kind": outcome.get_kind_display(), "number": outcome.workshop.number,
                "workshop": outcome.workshop.title, "event": event.title},
            outcome.get_absolute_url(), date_only=True,
        ))
    entries.append(TimelineEntry(measure.created_at, "created", _("Maßnahme angelegt"),
                                 f"{measure.reference} „{measure.title}“", page))

    consultation_from = consultation_until = None
    for index, (when, state) in enumerate(_publication_changes(measure)):
        # A measure saved straight into consultation or as adopted has that step at its creation.
        if index == 0 and state == Measure.Publication.DRAFT:
            continue
        label = {"beteiligung": _("In Beteiligung gegeben"), "beschlossen": _("Beschlossen"),
                 "entwurf": _("Zurück zum Entwurf")}[state]
        entries.append(TimelineEntry(when, "publication", label, "", page))
        if state == Measure.Publication.CONSULTATION and consultation_from is None:
            consultation_from = when
        elif consultation_from is not None and consultation_until is None:
            consultation_until = when
    if consultation_from is not None:
        # The periods in which the measure could be commented on.
        periods = ConsultationPeriod.objects.filter(ends_at__gt=consultation_from)
        if consultation_until is not None:
            periods = periods.filter(starts_at__lt=consultation_until)
        now = timezone.now()
        for period in periods.order_by("starts_at"):
            entries.append(TimelineEntry(period.starts_at, "period_start", _("Beteiligungsphase beginnt"),
                                         period.title, page + "#comments-heading"))
            if period.ends_at <= now:
                entries.append(TimelineEntry(period.ends_at, "period_end", _("Beteiligungsphase endet"),
                                             period.title, page + "#comments-heading"))

    comments = (Comment.objects.filter(measure=measure, hidden_at__isnull=True)
                .select_related("organisation").order_by("created_at", "pk"))
    entries.extend(_comment_entries(comments))
    # A published Abwägung stays part of the record when moderation hides the comment it answers.
    responses = Response.objects.filter(comment__measure=measure).order_by("responded_at", "pk")
    entries.extend(_response_entries(responses))

    for change in measure.status_changes.all():
        entries.append(TimelineEntry(change.changed_at, "status",
                                     _("Status: %(status)s") % {"status": change.get_status_display()},
                                     change.note, page + "#status-heading"))
    today = timezone.localdate()
    for milestone in measure.milestones.all():
        if milestone.done:
            label = _("Meilenstein erreicht")
        elif milestone.date < today:
            label = _("Meilenstein offen (Termin verstrichen)")
        else:
            label = _("Meilenstein geplant")
        entries.append(TimelineEntry(_at(milestone.date), "milestone", label, milestone.title,
                                     page + "#milestones-heading", date_only=True))
    for report in ProgressReport.objects.filter(measure=measure).order_by("reported_on", "created_at"):
        entries.append(TimelineEntry(_at(report.reported_on), "progress",
                                     _("Sachstand: %(title)s") % {"title": report.title},
                                     _excerpt(report.text), f"{page}#sachstand-{report.pk}", date_only=True,
                                     detail=f"{report.percent} %"))
    entries.sort(key=lambda e: (e.when, KIND_ORDER[e.kind]))
    return entries


def _by_day(items, when):
    days = {}
    for item in items:
        days.setdefault(timezone.localdate(when(item)), []).append(item)
    return days.values()


def _comment_entries(comments):
    """One entry per day of discussion: a long consultation must not drown the rest of the story."""
    for day in _by_day(comments, lambda c: c.created_at):
        first = day[0]
        link = reverse("actionplan:comment_link", args=[first.pk])
        if len(day) == 1:
            who = first.organisation.name if first.organisation else _("eine Person")
            label = _("Antwort") if first.parent_id else _("Kommentar")
            position = f" ({first.get_position_display()})" if first.position else ""
            # No excerpt: a long discussion is folded on the page, and its own address finds each comment.
            yield TimelineEntry(first.created_at, "comment", _("%(label)s von %(who)s%(position)s") % {
                "label": label, "who": who, "position": position}, "", link)
            continue
        replies = sum(1 for c in day if c.parent_id)
        statements = len(day) - replies
        parts = []
        if statements:
            parts.append(ngettext("%(count)s Kommentar", "%(count)s Kommentare", statements) % {"count": statements})
        if replies:
            parts.append(ngettext("%(count)s Antwort", "%(count)s Antworten", replies) % {"count": replies})
        names = list(dict.fromkeys(c.organisation.name if c.organisation else _("einer Person") for c in day))
        shown = names[:3]
        who = ", ".join(shown)
        if len(names) > 3:
            who = ngettext("%(names)s und %(count)s weiterer", "%(names)s und %(count)s weiteren", len(names) - 3) % {
                "names": who, "count": len(names) - 3}
        label = parts[0] if len(parts) == 1 else _("%(comments)s und %(replies)s") % {
            "comments": parts[0], "replies": parts[1]}
        yield TimelineEntry(first.created_at, "comment", label,
                            _("von %(who)s") % {"who": who}, link)


def _response_entries(responses):
    for day in _by_day(responses, lambda r: r.responded_at):
        first = day[0]
        link = reverse("actionplan:comment_link", args=[first.comment_id])
        if len(day) == 1:
            yield TimelineEntry(first.responded_at, "response", _("Stellungnahme der Verwaltung: %(disposition)s")
                                % {"disposition": first.get_disposition_display()}, _excerpt(first.reasoning), link)
            continue
        counts = {}
        for response in day:
            label = response.get_disposition_display()
            counts[label] = counts.get(label, 0) + 1
        yield TimelineEntry(first.responded_at, "response",
                            _("%(count)s Stellungnahmen der Verwaltung") % {"count": len(day)},
                            ", ".join(f"{count} × {label}" for label, count in counts.items()), link)


def _excerpt(text, limit=160):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


# --- progress summed up ----------------------------------------------------------------------

STATUSES = Measure.Status.choices


def _measure_list_url():
    # About a thousand figures link to the list; resolving its address once per call of a property
    # costs more than all the arithmetic. Cached per URL prefix (SCRIPT_NAME may differ per server).
    return _measure_list_url_for(get_script_prefix())


@lru_cache(maxsize=8)
def _measure_list_url_for(prefix):
    return reverse("actionplan:index")


@dataclass
class Figure:
    value: object
    url: str


@dataclass
class RollupRow:
    key: str
    label: str
    params: dict
    urgent_params: dict | None
    measures: list = field(default_factory=list)
    urgent: int = 0

    def _url(self, **extra):
        query = {**self.params, **extra}
        return _measure_list_url() + ("?" + urlencode(query) if query else "")

    @property
    def total(self):
        return Figure(len(self.measures), self._url())

    @property
    def by_status(self):
        counts = {value: 0 for value, _label in STATUSES}
        for measure in self.measures:
            counts[measure.status] += 1
        return [(value, label, Figure(counts[value], self._url(status=value))) for value, label in STATUSES]

    @property
    def average_percent(self):
        if not self.measures:
            return Figure(None, self._url())
        average = Decimal(sum(m.progress for m in self.measures)) / len(self.measures)
        return Figure(average.quantize(Decimal("0.1")), self._url())

    @property
    def budget_percent(self):
        """Percent complete weighted by estimated cost, over the measures with a cost estimate."""
        costed = [m for m in self.measures if m.cost_estimate]
        budget = sum((m.cost_estimate for m in costed), Decimal(0))
        if not budget:
            return Figure(None, self._url(kosten="ja"))
        weighted = sum((m.cost_estimate * m.progress for m in costed), Decimal(0)) / budget
        return Figure(weighted.quantize(Decimal("0.1")), self._url(kosten="ja"))

    @property
    def budget(self):
        return sum((m.cost_estimate for m in self.measures if m.cost_estimate), Decimal(0))

    @property
    def overdue(self):
        return Figure(sum(1 for m in self.measures if m.is_overdue), self._url(sachstand=OVERDUE))

    @property
    def urgent_figure(self):
        if self.urgent_params is None:
            return None
        query = {"kind": Outcome.Kind.URGENT, "not_taken_up": "true", **self.urgent_params}
        return Figure(self.urgent, reverse("workshops:outcome_list") + "?" + urlencode(query))

    @property
    def implementation_share(self):
        if not self.measures:
            return None
        doing = sum(1 for m in self.measures if m.status == Measure.Status.IMPLEMENTATION)
        return Decimal(100 * doing) / len(self.measures)


@dataclass
class RollupMeasure:
    """What the Umsetzung figures need of a measure: a few columns, not a model instance."""

    pk: int
    field_of_action_id: int
    status: str
    cost_estimate: Decimal | None
    progress: int
    is_overdue: bool = False
    target_groups: set = field(default_factory=set)


def _rollup_measures(user, today):
    visible = visible_measures(user)
    measures = [RollupMeasure(pk, field_id, status, cost, progress) for pk, field_id, status, cost, progress in
                visible.with_progress().order_by("reference").values_list(
                    "pk", "field_of_action_id", "status", "cost_estimate", "latest_percent")]
    overdue_ids = set(with_last_report(visible).filter(overdue_q(today)).values_list("pk", flat=True))
    by_pk = {measure.pk: measure for measure in measures}
    for measure_id, group_id in Measure.target_groups.through.objects.filter(
            measure__in=visible).values_list("measure_id", "targetgroup_id"):
        if measure_id in by_pk:
            by_pk[measure_id].target_groups.add(group_id)
    for measure in measures:
        measure.is_overdue = measure.pk in overdue_ids
    return measures


def _unaddressed_urgent(user):
    """Urgent problems no visible measure takes up, with their field, places and target groups."""
    taken_up = Measure.outcomes.through.objects.filter(measure__in=visible_measures(user)).values("outcome_id")
    return list(
        visible_outcomes(user).filter(kind=Outcome.Kind.URGENT).exclude(pk__in=taken_up)
        .prefetch_related("areas", "target_groups")
    )


def implementation_rollup(user, today=None):
    """The Umsetzung figures per field of action, Stadtbezirk, Stadtteil and target group."""
    today = today or timezone.localdate()
    measures = _rollup_measures(user, today)
    urgent = _unaddressed_urgent(user)
    areas = list(Area.objects.exclude(kind=Area.Kind.CITY).order_by("kind", "number"))
    parent_of = {a.pk: a.parent_id for a in areas if a.kind == Area.Kind.QUARTER}
    children_of = defaultdict(set)
    for quarter, parent in parent_of.items():
        children_of[parent].add(quarter)
    measure_areas = defaultdict(set)
    for measure_id, area_id in Measure.areas.through.objects.filter(
            measure__in=[m.pk for m in measures]).values_list("measure_id", "area_id"):
        measure_areas[measure_id].add(area_id)

    all_row = RollupRow("alle", _("Alle Maßnahmen"), {}, {}, measures=list(measures), urgent=len(urgent))

    fields = []
    for foa in FieldOfAction.objects.order_by("position", "name"):
        row = RollupRow(f"hf-{foa.pk}", foa.name, {"field_of_action": foa.pk}, {"field_of_action": foa.pk})
        row.measures = [m for m in measures if m.field_of_action_id == foa.pk]
        row.urgent = sum(1 for o in urgent if o.field_of_action_id == foa.pk)
        fields.append(row)

    # Plain sets, read once: asking each prefetched relation again per row costs more than the query.
    urgent_groups = [{t.pk for t in o.target_groups.all()} for o in urgent]
    urgent_areas = [{a.pk for a in o.areas.all()} for o in urgent]

    groups = []
    for group in TargetGroup.objects.order_by("position", "name"):
        row = RollupRow(f"zg-{group.pk}", group.name, {"target_group": group.pk}, {"target_group": group.pk})
        row.measures = [m for m in measures if group.pk in m.target_groups]
        row.urgent = sum(1 for pks in urgent_groups if group.pk in pks)
        groups.append(row)

    districts, quarters = [], []
    for area in areas:
        # The measure list's "Ort" filter: a Bezirk finds its Stadtteile' measures, a Stadtteil its Bezirk's.
        if area.kind == Area.Kind.DISTRICT:
            related = {area.pk} | children_of[area.pk]
            outcome_related = related
        else:
            related = {area.pk} | ({parent_of[area.pk]} if parent_of.get(area.pk) else set())
            outcome_related = {area.pk}
        row = RollupRow(f"ort-{area.key}", area.name, {"area": area.pk}, {"place": area.key})
        row.area = area
        row.measures = [m for m in measures if measure_areas[m.pk] & related]
        row.urgent = sum(1 for pks in urgent_areas if pks & outcome_related)
        (districts if area.kind == Area.Kind.DISTRICT else quarters).append(row)

    return {"all": all_row, "fields": fields, "districts": districts, "quarters": quarters, "groups": groups,
            "statuses": STATUSES}
