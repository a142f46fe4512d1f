from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.decorators import permission_required
from hannover_teilhabe.throttle import throttle, with_retry_after
from reports import selectors, services
from reports.forms import ImplementationReportForm, ReportOptionsForm, ReportSettingsForm
from reports.models import ReportExport, ReportSettings

LIST_LIMIT = 50


def _visible_exports(user):
    exports = ReportExport.objects.select_related("requested_by")
    if user.has_perm("reports.view_builds"):
        return list(exports[:LIST_LIMIT])
    # Outside planning the list shows what the download rule (reports/rules.py) lets this person
    # fetch; the query only narrows to builds someone flagged public.
    candidates = exports.filter(is_public=True)[:LIST_LIMIT]
    return [export for export in candidates if user.has_perm("reports.download_export", export)]


def _index_context(request, *, form=None, settings_form=None, impl_form=None):
    user = request.user
    exports = selectors.describe_exports(_visible_exports(user))
    current = []
    if user.has_perm("reports.view_builds"):
        watched = request.GET.get("auftrag", "")
        current = [e for e in exports if e.is_active or (watched.isdigit() and e.pk == int(watched))]
    context = {
        "exports": exports,
        "current": current,
        "can_start": user.has_perm("reports.start_build"),
        "can_start_final": user.has_perm("reports.start_final_build"),
        "can_publish": user.has_perm("reports.publish_export"),
        "can_see_builds": user.has_perm("reports.view_builds"),
        "report_settings": ReportSettings.load(),
        "polling": any(e.is_active for e in current),
    }
    if context["can_start"]:
        context["form"] = form or ReportOptionsForm()
        context["impl_form"] = impl_form or ImplementationReportForm()
    if user.has_perm("reports.edit_settings"):
        context["settings_form"] = settings_form or ReportSettingsForm(instance=context["report_settings"])
    return context


def _announce(request, result):
    """One message per outcome: queued (green), or waiting for the broker / already running (amber)."""
    (messages.success if result.created and result.started else messages.warning)(request, result.message)
    return redirect(f"{reverse('reports:index')}?auftrag={result.export.pk}#auftrag-{result.export.pk}")


@require_GET
def index(request):
    # Builds whose worker died are swept by Celery beat (CELERY_BEAT_SCHEDULE), not by page loads.
    return render(request, "reports/index.html", _index_context(request))


@require_http_methods(["GET", "POST"])
@permission_required("reports.start_build", login_next=lambda request: reverse("reports:index"))
def start(request):
    if request.method == "GET":
        # A bookmarked or reloaded form address leads back to the page with the form.
        return redirect("reports:index")
    form = ReportOptionsForm(request.POST)
    throttled = throttle(request, "report_build")
    if throttled:
        form.is_valid()
        form.add_error(None, throttled.message)
        response = render(request, "reports/index.html", _index_context(request, form=form), status=429)
        return with_retry_after(response, throttled)
    if not form.is_valid():
        return render(request, "reports/index.html", _index_context(request, form=form), status=400)
    try:
        result = services.request_build(by=request.user, options=form.options())
    except ValidationError as refusal:
        # Too large a selection: the form stays as it was sent, with the explanation above it.
        form.add_error(None, refusal)
        return render(request, "reports/index.html", _index_context(request, form=form), status=400)
    return _announce(request, result)


@require_POST
@permission_required("reports.edit_settings")
def edit_settings(request):
    form = ReportSettingsForm(request.POST, instance=ReportSettings.load())
    if not form.is_valid():
        return render(request, "reports/index.html", _index_context(request, settings_form=form), status=400)
    services.update_settings(by=request.user, **{k: form.cleaned_data[k] for k in form.Meta.fields})
    messages.success(request, _("Die Einleitung des Berichts wurde gespeichert."))
    return redirect("reports:index")


def _get_export_for_builders(request, pk):
    export = get_object_or_404(ReportExport, pk=pk)
    if not request.user.has_perm("reports.view_export", export):
        # Builds (and drafts) are not visible outside planning: do not reveal they exist.
        raise Http404
    return export


@require_GET
def status(request, pk):
    export = _get_export_for_builders(request, pk)
    if request.GET.get("format") == "json" or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({
            "id": export.pk,
            "status": export.status,
            "status_text": export.get_status_display(),
            "progress": export.progress,
            "step": _(export.step) if export.step else "",
            "error": export.error,
            "page_count": export.page_count,
            "download_url": export.get_download_url() if export.is_done else None,
        })
    context = {"export": export, "can_start": request.user.has_perm("reports.start_build")}
    return render(request, "reports/includes/job_body.html", context)


@require_GET
def download(request, pk):
    export = get_object_or_404(ReportExport, pk=pk)
    if not export.is_done or not request.user.has_perm("reports.download_export", export):
        raise Http404
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(handle, as_attachment=True, filename=export.download_filename(),
                        content_type="application/pdf")


@require_http_methods(["GET", "POST"])
@permission_required("reports.publish_export")
def publish(request, pk):
    export = get_object_or_404(ReportExport, pk=pk)
    public = request.POST.get("public") == "1"
    # Publishing reaches everyone: it happens only from the page that says so, never in one click.
    if request.method == "GET" or (public and request.POST.get("confirmed") != "1"):
        return render(request, "reports/publish_confirm.html", {"export": export})
    try:
        services.set_public(export=export, by=request.user, public=public)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if public:
            messages.success(request, _("Bericht Nr. %(pk)s ist jetzt öffentlich abrufbar.") % {"pk": export.pk})
        else:
            messages.success(request, _("Bericht Nr. %(pk)s ist nicht mehr öffentlich abrufbar.") % {"pk": export.pk})
    return redirect("reports:index")


@require_POST
@permission_required("reports.start_build")
def retry(request, pk):
    export = _get_export_for_builders(request, pk)
    try:
        result = services.retry_build(export=export, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("reports:index")
    return _announce(request, result)


@require_POST
@permission_required("reports.start_build", login_next=lambda request: reverse("reports:index"))
def start_implementation(request):
    form = ImplementationReportForm(request.POST)
    throttled = throttle(request, "report_build")
    if throttled:
        form.is_valid()
        form.add_error(None, throttled.message)
        response = render(request, "reports/index.html", _index_context(request, impl_form=form), status=429)
        return with_retry_after(response, throttled)
    if form.is_valid():
        try:
            result = services.request_implementation_build(
                by=request.user, date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"],
                field_of_action_ids=[foa.pk for foa in form.cleaned_data["impl_fields_of_action"]],
            )
        except ValidationError as error:
            for name, field_messages in (error.message_dict.items() if hasattr(error, "error_dict")
                                         else [(None, error.messages)]):
                for message in field_messages:
                    form.add_error(name if name in form.fields else None, message)
        else:
            return _announce(request, result)
    return render(request, "reports/index.html", _index_context(request, impl_form=form), status=400)
