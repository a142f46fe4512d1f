"""The Umsetzungsbericht: what happened to the plan between two dates, per field of action.

Built by the same job system as the action-plan report (a ReportExport whose options say
kind "umsetzung"). Like the public pages it reads only measures in consultation or adopted.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actionplan.development import measure_development
from actionplan.implementation import implementation_rollup
from actionplan.models import Comment, Measure, MeasureIndicator, Milestone, ProgressReport, Response, StatusChange
from actionplan.rules import PUBLIC_STATES
from core.models import FieldOfAction

KIND = "umsetzung"
TITLE = "Umsetzungsbericht zum Aktionsplan gegen Armut"


@dataclass(frozen=True)
class ImplementationOptions:
    date_from: datetime.date
    date_to: datetime.date
    field_of_action_ids: tuple = ()

    @classmethod
    def from_dict(cls, data):
        return cls(
            date_from=datetime.date.fromisoformat(data["from"]),
            date_to=datetime.date.fromisoformat(data["to"]),
            field_of_action_ids=tuple(sorted({int(pk) for pk in data.get("fields_of_action", ())})),
        )

    def as_dict(self):
        return {"kind": KIND, "from": self.date_from.isoformat(), "to": self.date_to.isoformat(),
                "fields_of_action": list(self.field_of_action_ids)}

    @property
    def period_text(self):
        return _("%(start)s bis %(end)s") % {"start": date_format(self.date_from, "d.m.Y"),
                                             "end": date_format(self.date_to, "d.m.Y")}

    def bounds(self):
        """The period as aware datetimes: from the first day's start to the end of the last day."""
        start = timezone.make_aware(datetime.datetime.combine(self.date_from, datetime.time.min))
        end = timezone.make_aware(datetime.datetime.combine(self.date_to + datetime.timedelta(days=1),
                                                            datetime.time.min))
        return start, end


def is_implementation(options):
    return options.get("kind") == KIND


def describe(options, *, field_names):
    opts = ImplementationOptions.from_dict(options)
    if opts.field_of_action_ids:
        names = [name for pk, name in field_names.items() if pk in opts.field_of_action_ids]
        fields = _("Handlungsfelder: %(names)s") % {"names": ", ".join(names) or _("nicht mehr vorhanden")}
    else:
        fields = _("alle Handlungsfelder")
    return _("Umsetzungsbericht %(period)s · %(fields)s") % {"period": opts.period_text, "fields": fields}


@dataclass
class MeasureActivity:
    measure: Measure
    status_changes: list = field(default_factory=list)
    adopted_on: datetime.datetime | None = None
    milestones: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    comments: int = 0
    responses: int = 0
    charts: list = field(default_factory=list)

    @property
    def events(self):
        """(kind, item) of what happened to the measure in the period, oldest first."""
        dated = [(timezone.localtime(change.changed_at).date(), 1, "status", change) for change in self.status_changes]
        if self.adopted_on:
            dated.append((timezone.localtime(self.adopted_on).date(), 0, "adopted", self.adopted_on))
        dated += [(milestone.date, 2, "milestone", milestone) for milestone in self.milestones]
        dated += [(report.reported_on, 3, "report", report) for report in self.reports]
        return [(kind, item) for _day, _order, kind, item in sorted(dated, key=lambda entry: entry[:2])]

    @property
    def has_news(self):
        return bool(self.status_changes or self.adopted_on or self.milestones or self.reports or self.comments
                    or self.responses)


@dataclass
class FieldChapter:
    field: FieldOfAction
    anchor: str
    figures: object
    activities: list


def _adoptions(measure_ids, start, end):
    """When each measure became "beschlossen" within the period, from its saved versions."""
    adopted, previous = {}, {}
    versions = (Measure.history.filter(id__in=measure_ids, history_date__lt=end)
                .order_by("id", "history_date", "history_id").values_list("id", "history_date", "publication_state"))
    for measure_id, when, state in versions:
        if state == Measure.Publication.ADOPTED and previous.get(measure_id) != state and when >= start:
            adopted[measure_id] = when
        previous[measure_id] = state
    return adopted


def implementation_report_data(options):
    start, end = options.bounds()
    public = AnonymousUser()
    measures = list(
        Measure.objects.with_progress().filter(publication_state__in=PUBLIC_STATES)
        .select_related("field_of_action", "lead_organisation")
        .prefetch_related("areas", Prefetch("indicator_links",
                                            queryset=MeasureIndicator.objects.select_related("indicator")))
        .order_by("field_of_action__position", "field_of_action__name", "reference")
    )
    if options.field_of_action_ids:
        measures = [m for m in measures if m.field_of_action_id in options.field_of_action_ids]
    ids = [m.pk for m in measures]
    activity = {m.pk: MeasureActivity(m) for m in measures}
    for change in StatusChange.objects.filter(measure_id__in=ids, changed_at__gte=start,
                                              changed_at__lt=end).order_by("changed_at", "pk"):
        activity[change.measure_id].status_changes.append(change)
    for measure_id, when in _adoptions(ids, start, end).items():
        activity[measure_id].adopted_on = when
    for milestone in Milestone.objects.filter(measure_id__in=ids, done=True, date__gte=options.date_from,
                                              date__lte=options.date_to).order_by("date"):
        activity[milestone.measure_id].milestones.append(milestone)
    for report in ProgressReport.objects.filter(measure_id__in=ids, reported_on__gte=options.date_from,
                                                reported_on__lte=options.date_to).order_by("reported_on", "pk"):
        activity[report.measure_id].reports.append(report)
    comment_counts = (Comment.objects.filter(measure_id__in=ids, hidden_at__isnull=True, created_at__gte=start,
                                             created_at__lt=end)
                      .values("measure_id").annotate(n=Count("pk")).values_list("measure_id", "n"))
    for measure_id, count in comment_counts:
        activity[measure_id].comments = count
    # As on the measure's page: what moderation hid is not part of the discussion, nor its answer.
    response_counts = (Response.objects.filter(comment__measure_id__in=ids, comment__hidden_at__isnull=True,
                                               responded_at__gte=start, responded_at__lt=end)
                       .values("comment__measure_id").annotate(n=Count("pk"))
                       .values_list("comment__measure_id", "n"))
    for measure_id, count in response_counts:
        activity[measure_id].responses = count
    for measure in measures:
        activity[measure.pk].charts = measure_development(public, measure)

    rollup = implementation_rollup(public)
    figures = {row.key: row for row in rollup["fields"]}
    by_field = defaultdict(list)
    for measure in measures:
        by_field[measure.field_of_action_id].append(activity[measure.pk])
    fields = FieldOfAction.objects.filter(pk__in=by_field).order_by("position", "name")
    chapters = [FieldChapter(foa, f"handlungsfeld-{foa.pk}", figures.get(f"hf-{foa.pk}"), by_field[foa.pk])
                for foa in fields]
    totals = {
        "status_changes": sum(len(a.status_changes) for a in activity.values()),
        "adoptions": sum(1 for a in activity.values() if a.adopted_on),
        "milestones": sum(len(a.milestones) for a in activity.values()),
        "reports": sum(len(a.reports) for a in activity.values()),
        "comments": sum(a.comments for a in activity.values()),
        "responses": sum(a.responses for a in activity.values()),
    }
    return {
        "chapters": chapters, "totals": totals, "overall": rollup["all"], "statuses": rollup["statuses"],
        "measure_count": len(measures), "demo_measures": any(m.is_demo for m in measures),
        "period_text": options.period_text,
    }
