"""What the action plan adds to the workshop pages, through workshops.extensions.

The workshops app knows nothing of measures; here the action plan shows, beside each outcome,
the measures that take it up, and lets the outcome list be filtered and counted by them. Every
hook works only with the measures the requesting user may see, so drafts never leak: for the
public, a problem taken up only by a draft still counts as not taken up.
"""

import django_filters
from django import forms
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from actionplan.models import Measure
from actionplan.selectors import visible_measures
from workshops import extensions
from workshops.models import Outcome


def outcome_panel(request, outcome):
    measures = list(visible_measures(request.user).filter(outcomes=outcome).order_by("reference"))
    create_url = None
    if request.user.has_perm("actionplan.add_measure") and outcome.kind != Outcome.Kind.WORKS:
        # What already works needs no measure; problems and needs do.
        create_url = f"{reverse('actionplan:measure_create')}?outcome={outcome.pk}"
    return {
        "title": _("Maßnahmen, die dieses Ergebnis aufgreifen"),
        "template": "actionplan/includes/outcome_panel.html",
        "context": {"measures": measures, "create_url": create_url},
    }


def _taken_up_ids(user):
    return Measure.outcomes.through.objects.filter(measure__in=visible_measures(user)).values("outcome_id")


def not_taken_up_filter(request):
    user = request.user

    def apply(queryset, name, value):
        taken_up = _taken_up_ids(user)
        return queryset.exclude(pk__in=taken_up) if value else queryset.filter(pk__in=taken_up)

    return "not_taken_up", django_filters.BooleanFilter(
        method=apply, label=_lazy("nicht von einer Maßnahme aufgegriffen"),
        widget=forms.Select(choices=[("", _lazy("egal")), ("true", _lazy("ja, noch offen")),
                                     ("false", _lazy("nein, schon aufgegriffen"))]),
    )


def measure_count_column(request):
    # A working number for the planners, who see every measure including drafts.
    if not request.user.has_perm("actionplan.change_measure"):
        return None
    visible = visible_measures(request.user).values("pk")

    def annotate(outcomes):
        return outcomes.annotate(
            actionplan_measure_count=Count("measures", filter=Q(measures__in=visible), distinct=True))

    return extensions.OutcomeColumn(header=_("Maßnahmen"), annotate=annotate,
                                    value=lambda outcome: outcome.actionplan_measure_count, numeric=True)


def need_and_action_link(request):
    return {"label": _("Bedarf und Maßnahmen"), "url": reverse("actionplan:need_and_action")}


def register():
    from actionplan.development import area_time_series_markers
    from actionplan.views import area_panel
    from district_statistics import extensions as statistics_extensions

    extensions.outcome_panels.register(outcome_panel)
    extensions.outcome_filters.register(not_taken_up_filter)
    extensions.outcome_columns.register(measure_count_column)
    statistics_extensions.area_panels.register(area_panel)
    statistics_extensions.index_links.register(need_and_action_link)
    statistics_extensions.time_series_markers.register(area_time_series_markers)
