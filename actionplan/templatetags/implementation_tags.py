from django import template

from actionplan import implementation
from actionplan.development import measure_development
from actionplan.forms import ProgressRequestForm
from actionplan.readability import readability

register = template.Library()


@register.simple_tag
def readability_of(text):
    return readability(text)


@register.inclusion_tag("actionplan/includes/implementation_sections.html", takes_context=True)
def measure_implementation(context, measure):
    """Sachstand, journey and development of a measure, for its page (one include, few queries)."""
    request = context["request"]
    user = request.user
    reports = sorted(measure.progress_reports.all(), key=lambda r: (r.reported_on, r.created_at, r.pk),
                     reverse=True)
    can_request = user.has_perm("actionplan.request_progress_report", measure)
    return {
        "request": request,
        "user": user,
        "measure": measure,
        "reports": reports,
        "can_add_report": user.has_perm("actionplan.add_progress_report", measure),
        "can_view_history": user.has_perm("actionplan.view_history", measure),
        "can_request": can_request,
        "request_form": ProgressRequestForm() if can_request else None,
        "open_request": implementation.open_progress_request(measure) if can_request else None,
        "overdue": can_request and implementation.is_overdue(measure),
        "overdue_days": implementation.settings.PROGRESS_REPORT_OVERDUE_DAYS,
        "timeline": implementation.measure_timeline(user, measure),
        "development": measure_development(user, measure),
        "csrf_token": context.get("csrf_token"),
    }
