from django.db import connection
from django.db.models import Count, Q
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

    outcome_counts = outcomes.aggregate(
        total=Count("id"),
        works=Count("id", filter=Q(kind=Outcome.Kind.WORKS)),
        improve=Count("id", filter=Q(kind=Outcome.Kind.IMPROVE)),
        urgent=Count("id", filter=Q(kind=Outcome.Kind.URGENT)),
    )
    measure_counts = measures.aggregate(
        total=Count("id"),
        consultation=Count("id", filter=Q(publication_state=Measure.Publication.CONSULTATION)),
        adopted=Count("id", filter=Q(publication_state=Measure.Publication.ADOPTED)),
    )
    context = {
        "event_count": events.count(),
        "outcome_counts": outcome_counts,
        "measure_counts": measure_counts,
        "comment_count": comments.count(),
        "indicator_count": Indicator.objects.filter(is_published=True).count(),
        "latest_measures": measures.select_related("field_of_action").order_by("-updated_at")[:LATEST],
        "latest_outcomes": outcomes.select_related("workshop__event").order_by("-updated_at")[:LATEST],
    }
    return render(request, "home.html", context)


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
