"""Extension points that let other apps add to the workshop pages without this app knowing them.

The workshops app knows nothing of the action plan; the action plan registers here (in its
AppConfig.ready) what it wants to show beside the Fachtag's results: a panel on the outcome page,
a filter and a column on the outcome list. Each hook gets the request, so it decides itself what
the requesting user may see.
"""

from collections.abc import Callable
from dataclasses import dataclass

from core.hooks import Hook

# (request, outcome) -> panel dict or None, shown on the outcome page.
outcome_panels = Hook("workshops.outcome_panels")

# (request) -> (name, django-filter Filter) or None to leave it out for this person. The outcome
# list and its exports add these to OutcomeFilter.
outcome_filters = Hook("workshops.outcome_filters")

# (request) -> OutcomeColumn or None, an extra column of the outcome list.
outcome_columns = Hook("workshops.outcome_columns")


@dataclass(frozen=True)
class OutcomeColumn:
    """An extra column of the outcome list.

    `annotate` adds what `value` reads to the list's queryset, so the column costs no query per row.
    """

    header: str
    annotate: Callable
    value: Callable
    numeric: bool = False


def render_outcome_panels(request, outcome):
    return outcome_panels.render(request, outcome, outcome=outcome)


def extra_outcome_filters(request):
    return dict(outcome_filters.contributions(request))


def columns_for(request):
    return outcome_columns.contributions(request)
