"""What each API resource and download reads: the other apps' own visibility selectors, no new rules.

Every queryset starts from the selector the matching page uses, so the API can never show more
than the page shows the same person.
"""

from django.db.models import Max, Min, Prefetch

from actionplan.models import Comment, MeasureIndicator, Milestone, StatusChange
from actionplan.selectors import measure_list, visible_measures
from core.models import Area, Organisation, TargetGroup
from district_statistics.models import NonTakeUpEstimate, Value
from district_statistics.selectors import published_indicators
from reports.models import ReportExport
from workshops.models import Workshop
from workshops.selectors import visible_events, visible_outcomes, with_details


def measures(user):
    """The measure list page's rows (visibility, comment counts) with everything the API shows.

    The related rows land in plain lists (`to_attr`): Django otherwise builds a related manager
    and a queryset per measure and relation, which costs more than the queries themselves.
    """
    return measure_list(user).select_related("lead_organisation").prefetch_related(None).prefetch_related(
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "name"),
                 to_attr="target_group_list"),
        Prefetch("areas", queryset=Area.objects.order_by("kind", "number"), to_attr="area_list"),
        Prefetch("partners", queryset=Organisation.objects.order_by("name"), to_attr="partner_list"),
        Prefetch("milestones", queryset=Milestone.objects.order_by("date", "pk"), to_attr="milestone_list"),
        Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_at", "pk"),
                 to_attr="status_change_list"),
        Prefetch("indicator_links", queryset=MeasureIndicator.objects.select_related("indicator")
                 .order_by("indicator__position", "indicator__name"), to_attr="indicator_link_list"),
        # Results of an internal event stay hidden from those who may not see the event.
        Prefetch("outcomes", queryset=visible_outcomes(user).order_by("pk"), to_attr="outcome_list"),
    )


def outcomes(user):
    return with_details(visible_outcomes(user)).prefetch_related(
        Prefetch("measures", queryset=visible_measures(user).order_by("reference"), to_attr="visible_measures"),
    ).order_by("workshop__event__date", "workshop__number", "kind", "-weight", "title")


def events(user):
    return visible_events(user).prefetch_related(
        Prefetch("workshops", queryset=Workshop.objects.order_by("number")),
    ).order_by("-date", "title")


def indicators(user):
    return (
        published_indicators(user)
        .annotate(first_year=Min("values__year"), last_year=Max("values__year"),
                  values_changed=Max("values__updated_at"))
        .prefetch_related(Prefetch("non_take_up", queryset=NonTakeUpEstimate.objects.all()))
        .order_by("position", "name")
    )


VALUE_FIELDS = ("indicator_id", "area_id", "year", "value", "numerator", "denominator")


def values(user):
    """Values of the indicators this person may see, in the order of the statistics export.

    Rows come as dicts with ids: a page of 1,000 values would otherwise build 3,000 model objects
    for a few dozen indicators and areas; `value_lookups` supplies those once.
    """
    return Value.objects.filter(indicator__in=published_indicators(user)).order_by(
        "indicator__position", "indicator__name", "area__kind", "area__number", "year", "pk"
    ).values(*VALUE_FIELDS)


def value_lookups():
    """{"indicators": {id: Indicator}, "areas": {id: Area}} for rows from `values`."""
    from district_statistics.models import Indicator

    return {"indicators": {i.pk: i for i in Indicator.objects.all()},
            "areas": {a.pk: a for a in Area.objects.all()}}


def areas():
    return Area.objects.select_related("parent").order_by("kind", "number")


def comments(user):
    """Comments on the measures this person may see; hidden texts are blanked by the serializer."""
    return Comment.objects.filter(measure__in=visible_measures(user)).select_related(
        "measure", "author", "organisation", "response", "response__responded_by",
    ).order_by("measure__reference", "created_at", "pk")


def sees_hidden_comments(user):
    # Moderation is Planung's (actionplan.rules: "actionplan.moderate"); the page shows them the text.
    return user.has_perm("actionplan.moderate")


def reports(user):
    """Finished reports this person may download, as the reports page lists them.

    Planung sees every build on its page; everybody else the ones the department published
    (reports.rules.is_published_report: public, finished, not a draft).
    """
    done = ReportExport.objects.filter(status=ReportExport.Status.DONE).exclude(file="")
    if not user.has_perm("reports.view_builds"):
        done = done.filter(is_public=True, is_draft=False)
    return done.order_by("-finished_at", "-pk")

