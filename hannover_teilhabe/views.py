from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from actionplan.models import Comment, Measure
from actionplan.selectors import visible_measures
from core.models import SitePage
from district_statistics.models import Indicator
from workshops.models import Outcome
from workshops.selectors import visible_events, visible_outcomes

LATEST = 6


def home(request):
    """What the platform holds, as far as the visitor may see it (each app decides what that is)."""
    events = visible_events(request.user)
    outcomes = visible_outcomes(request.user)
    measures = visible_measures(request.user)
    # Only top-level comments are Stellungnahmen; replies are discussion under them and not counted.
    comments = Comment.objects.filter(measure__in=measures, hidden_at__isnull=True, parent__isnull=True)
    kinds, states = Outcome.Kind, Measure.Publication
    counted = _counts(
        events=events,
        outcomes=outcomes, works=outcomes.filter(kind=kinds.WORKS), improve=outcomes.filter(kind=kinds.IMPROVE),
        urgent=outcomes.filter(kind=kinds.URGENT),
        measures=measures, consultation=measures.filter(publication_state=states.CONSULTATION),
        adopted=measures.filter(publication_state=states.ADOPTED),
        comments=comments, indicators=Indicator.objects.filter(is_published=True),
    )
    context = {
        "event_count": counted["events"],
        "outcome_counts": {"total": counted["outcomes"], "works": counted["works"], "improve": counted["improve"],
                           "urgent": counted["urgent"]},
        "measure_counts": {"total": counted["measures"], "consultation": counted["consultation"],
                           "adopted": counted["adopted"]},
        "comment_count": counted["comments"],
        "indicator_count": counted["indicators"],
        "latest_measures": measures.select_related("field_of_action").order_by("-updated_at")[:LATEST],
        "latest_outcomes": outcomes.select_related("workshop__event").order_by("-updated_at")[:LATEST],
    }
    return render(request, "home.html", context)


def _counts(**querysets):
    """Each queryset's count(), all in one round trip: one scalar subquery per count."""
    selects, params = [], []
    for queryset in querysets.values():
        # Django's own SQL for the queryset, its values passed apart as parameters.
        sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608 - no outside text in the SQL
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        return dict(zip(querysets, cursor.fetchone(), strict=True))


def healthz(request):
    """For the container health check: answers only when the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request, reason=""):
    """A form sent from a page that was open too long: the typed text comes back to send again."""
    from hannover_teilhabe.resilience import keep_text_response

    return keep_text_response(request, reason="csrf", status=403)


def site_page(request, slug):
    page = get_object_or_404(SitePage, slug=slug)
    return render(request, "site_page.html", {"page": page})
