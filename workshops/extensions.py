"""Extension points that let other apps add to the workshop pages without this app knowing them.

The workshops app knows nothing of the action plan; the action plan registers here (in its
AppConfig.ready) what it wants to show beside the Fachtag's results: a panel on the outcome page,
a filter and a column on the outcome list. Each hook gets the request, so it decides itself what
the requesting user may see.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

# Each callable takes (request, outcome) and returns None or a dict with keys
# "title" (str), "template" (str) and "context" (dict), rendered on the outcome page.
outcome_panels = []

# Filter name -> callable taking the request and returning a django-filter Filter (or None
# to leave it out for this user). The outcome list and its exports add these to OutcomeFilter.
outcome_filters = {}

# Each callable takes the request and returns None or an OutcomeColumn for the outcome list.
outcome_columns = []


@dataclass(frozen=True)
class OutcomeColumn:
    """An extra column of the outcome list.

    `annotate` adds what `value` reads to the list's queryset, so the column costs no query per row.
    """

    header: str
    annotate: Callable
    value: Callable
    numeric: bool = False


def register_outcome_panel(func):
    if func not in outcome_panels:
        outcome_panels.append(func)
    return func


def register_outcome_filter(name, factory):
    outcome_filters[name] = factory
    return factory


def register_outcome_column(func):
    if func not in outcome_columns:
        outcome_columns.append(func)
    return func


def render_outcome_panels(request, outcome):
    panels = []
    for func in outcome_panels:
        panel = func(request, outcome)
        if panel:
            context = {**panel.get("context", {}), "outcome": outcome}
            panels.append({**panel, "html": render_to_string(panel["template"], context, request=request)})
    return panels


def extra_outcome_filters(request):
    filters = {}
    for name, factory in outcome_filters.items():
        filter_ = factory(request)
        if filter_ is not None:
            filters[name] = filter_
    return filters


def columns_for(request):
    return [column for column in (func(request) for func in outcome_columns) if column is not None]
