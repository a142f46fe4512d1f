"""Pages about a measure after adoption: progress reports, the Umsetzung overview, readability."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actionplan import implementation, services
from actionplan.forms import ProgressReportForm, ProgressRequestForm, ReadabilityForm
from actionplan.maps import implementation_map
from actionplan.models import ProgressReport
from actionplan.readability import TARGET_FLESCH, TARGET_GRADE, readability
from actionplan.views import _add_errors, _visible_measure
from core.decorators import permission_required
from core.versioning import refuse_stale_edit


def _measure(request, reference, **_):
    return _visible_measure(request, reference)


@permission_required("actionplan.add_progress_report", obj=_measure)
def progress_report_create(request, reference):
    measure = _visible_measure(request, reference)
    form = ProgressReportForm(request.POST or None, measure=measure,
                              initial={"percent": measure.progress})
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_report_create(measure=measure, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                raise
            _add_errors(form, error)
        else:
            messages.success(request, _("Der Sachstand ist gespeichert; wer der Maßnahme folgt, erhält eine E-Mail."))
            return redirect(measure.get_absolute_url() + "#sachstand")
    return render(request, "actionplan/progress_report_form.html", {"measure": measure, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("actionplan.add_progress_report", obj=_measure)
def progress_report_edit(request, reference, pk):
    measure = _visible_measure(request, reference)
    report = get_object_or_404(ProgressReport, pk=pk, measure=measure)
    initial = {"reported_on": report.reported_on, "title": report.title, "text": report.text,
               "percent": report.percent, "milestone": report.milestone_id}
    form = ProgressReportForm(request.POST or None, measure=measure, initial=initial, current=report.milestone,
                              based_on=services.progress_report_version(report))
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_report_update(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        except services.ProgressReportChanged as changed:
            conflict = True
            _explain_report_conflict(form, changed)
        else:
            messages.success(request, _("Der Sachstand ist gespeichert; die frühere Fassung bleibt in den Versionen."))
            return redirect(measure.get_absolute_url() + f"#sachstand-{report.pk}")
    return render(request, "actionplan/progress_report_form.html", {"measure": measure, "form": form,
                                                                     "report": report},
                  status=409 if conflict else 400 if form.is_bound and form.errors else 200)


def _explain_report_conflict(form, changed):
    refuse_stale_edit(form, message=_(
        "%(who)s hat diesen Sachstand gespeichert (%(when)s Uhr), während Sie ihn bearbeitet haben. Ihre "
        "Eingaben stehen unten noch; bitte vergleichen Sie sie mit der aktuellen Fassung auf der Seite der "
        "Maßnahme und speichern Sie erneut."
    ), saved_by=changed.saved_by, saved_at=changed.saved_at, based_on_field="based_on",
        current_version=changed.current_version)


@permission_required("actionplan.view_history", obj=_measure)
def progress_report_versions(request, reference, pk):
    measure = _visible_measure(request, reference)
    report = get_object_or_404(ProgressReport, pk=pk, measure=measure)
    versions = report.history.select_related("history_user", "milestone").order_by("-history_date", "-history_id")
    return render(request, "actionplan/progress_report_versions.html",
                  {"measure": measure, "report": report, "versions": versions})


@require_POST
@permission_required("actionplan.request_progress_report", obj=_measure)
def progress_request(request, reference):
    measure = _visible_measure(request, reference)
    form = ProgressRequestForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.progress_report_request(measure=measure, by=request.user, note=note)
    if measure.lead_organisation_id:
        messages.success(request, _("Die Federführung (%(name)s) wird per E-Mail um einen Sachstand gebeten.")
            % {"name": measure.lead_organisation.name})
    else:
        messages.warning(request, _("Die Anforderung ist vermerkt. Die Maßnahme hat keine federführende Organisation "
                                  "mit Konto; bitte bitten Sie die federführende Stelle direkt um den Sachstand."))
    return redirect(measure.get_absolute_url() + "#sachstand")


def overview(request):
    rollup = implementation.implementation_rollup(request.user)
    is_planner = request.user.has_perm("actionplan.view_implementation_work")
    context = {**rollup, "all_rows": [rollup["all"]], "is_planner": is_planner,
               "map": implementation_map(rollup["districts"])}
    if is_planner:
        context["missing_plain"] = list(implementation.missing_plain_summaries())
        context["overdue_days"] = implementation.settings.PROGRESS_REPORT_OVERDUE_DAYS
    return render(request, "actionplan/implementation.html", context)


@require_POST
def readability_check(request):
    """The readability box for a text being written (htmx); nothing is stored."""
    form = ReadabilityForm(request.POST)
    text = (form.cleaned_data["plain_summary"] or form.cleaned_data["intro_plain_text"]) if form.is_valid() else ""
    return render(request, "actionplan/includes/readability.html", {
        "score": readability(text), "target_flesch": TARGET_FLESCH, "target_grade": TARGET_GRADE,
    })
