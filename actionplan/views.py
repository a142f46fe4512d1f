from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from actionplan import selectors, services
from actionplan.filters import MeasureFilter
from actionplan.forms import (
    CommentForm,
    HideForm,
    IndicatorFormSet,
    MeasureForm,
    MilestoneFormSet,
    NeedForm,
    PeriodForm,
    ReplyForm,
    ReportForm,
    ResponseForm,
    kept_rows,
    rows_for_current,
)
from actionplan.models import Comment, CommentReport, ConsultationPeriod, Follow, Measure, Response
from actionplan.versions import record_changes, timeline
from core.decorators import permission_required
from core.numbers import format_number
from hannover_teilhabe.links import link_maker
from hannover_teilhabe.tabular import csv_response, xlsx_response
from hannover_teilhabe.throttle import throttle, with_retry_after
from workshops.models import Outcome

PAGE_SIZE = 25


# --- helpers ---------------------------------------------------------------------------------

def _visible_measure(request, reference):
    try:
        return selectors.visible_measures(request.user).get(reference=reference)
    except Measure.DoesNotExist:
        raise Http404(_("Diese Maßnahme gibt es nicht oder sie ist nicht veröffentlicht."))


def _visible_comment(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("measure", "parent", "author", "organisation"), pk=pk)
    if not request.user.has_perm("actionplan.view_measure", comment.measure):
        raise Http404(_("Diesen Kommentar gibt es nicht."))
    return comment


def _comment_measure(request, pk):
    return _visible_comment(request, pk).measure


def _measure_page(request, reference):
    return reverse("actionplan:measure_detail", kwargs={"reference": reference})


def _next_url(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field_name, errors in error.error_dict.items():
            target = field_name if field_name in form.fields else None
            for item in errors:
                form.add_error(target, item.messages[0] if hasattr(item, "messages") else str(item))
    else:
        for message in error.messages:
            form.add_error(None, message)


# --- measure list and export -----------------------------------------------------------------

def _filtered(request):
    return MeasureFilter(request.GET or None, queryset=selectors.measure_list(request.user), user=request.user)


def index(request):
    measure_filter = _filtered(request)
    page = Paginator(measure_filter.qs, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(request, "actionplan/measure_list.html", {
        "filter": measure_filter,
        "page_obj": page,
        "query": query.urlencode(),
        "period": selectors.current_period(),
        "next_period": selectors.next_period(),
    })


EXPORT_HEADER = [
    "Nummer", "Titel", "Kurzbeschreibung", "Handlungsfeld", "Status", "Fortschritt (%)", "Veröffentlichung",
    "Priorität", "Orte", "gesamtstädtisch", "Federführung", "Partner", "Zielgruppen", "Beginn", "Ende",
    "geschätzte Kosten (€)", "Finanzierung", "Kommentare", "Demo-Inhalt",
]


def _export_rows(measures, *, spreadsheet):
    for m in measures:
        lead = ", ".join(x for x in [m.lead_organisation.name if m.lead_organisation else "", m.lead_unit] if x)
        if m.cost_estimate is None:
            cost = ""
        elif spreadsheet:
            cost = m.cost_estimate
        else:
            cost = format_number(m.cost_estimate, 2, minus="-")
        yield [
            m.reference, m.title, m.summary, m.field_of_action.name, m.get_status_display(), m.progress,
            m.get_publication_state_display(), m.get_priority_display(),
            ", ".join(a.name for a in m.area_list), "ja" if m.citywide else "nein", lead,
            ", ".join(p.name for p in m.partners.all()), ", ".join(t.name for t in m.target_groups.all()),
            # Dates stay dates: tabular writes them as German text in CSV and as real dates in XLSX.
            m.start_date or "", m.end_date or "",
            cost, m.funding_source, m.comment_count, "ja" if m.is_demo else "nein",
        ]


def measure_export(request, fmt):
    measures = _filtered(request).qs.prefetch_related("partners", "target_groups")
    preamble = ["Aktionsplan gegen Armut – Maßnahmen (gefilterte Liste)"]
    if fmt == "xlsx":
        return xlsx_response("massnahmen", EXPORT_HEADER, _export_rows(measures, spreadsheet=True),
                             sheet_title="Maßnahmen", preamble=preamble)
    if fmt == "csv":
        return csv_response("massnahmen", EXPORT_HEADER, _export_rows(measures, spreadsheet=False),
                            preamble=preamble)
    raise Http404(_("Dieses Format gibt es nicht."))


# --- create and edit -------------------------------------------------------------------------

def _outcome_initial(request):
    """Pre-fill a new measure from a workshop outcome ("in eine Maßnahme überführen")."""
    pk = request.GET.get("outcome")
    if not pk or not pk.isdigit():
        return {}, None
    outcome = Outcome.objects.filter(pk=pk).select_related("workshop__event").first()
    if outcome is None:
        return {}, None
    initial = {
        "title": outcome.title,
        "summary": (outcome.description or outcome.title)[:600],
        "description": outcome.description,
        "field_of_action": outcome.field_of_action_id,
        "target_groups": list(outcome.target_groups.values_list("pk", flat=True)),
        "areas": list(outcome.areas.exclude(kind="stadt").values_list("pk", flat=True)),
        "citywide": outcome.citywide,
        "outcomes": [outcome.pk],
    }
    return initial, outcome


def _formsets(request, instance):
    data = request.POST if request.method == "POST" else None
    return (
        MilestoneFormSet(data, instance=instance, prefix="meilensteine"),
        IndicatorFormSet(data, instance=instance, prefix="indikatoren"),
    )


def _measure_input(form, milestones, indicators):
    return services.MeasureInput(
        fields=form.model_fields(), m2m=form.m2m(), milestones=kept_rows(milestones),
        indicators=kept_rows(indicators), status_note=form.cleaned_data.get("status_note", ""),
    )


@permission_required("actionplan.add_measure")
def measure_create(request):
    initial, outcome = _outcome_initial(request)
    instance = Measure()
    if request.method == "POST":
        form = MeasureForm(request.POST, instance=instance, user=request.user)
        milestones, indicators = _formsets(request, instance)
        if form.is_valid() and milestones.is_valid() and indicators.is_valid():
            try:
                measure = services.measure_create(data=_measure_input(form, milestones, indicators), by=request.user)
            except PermissionDenied as error:
                form.add_error("publication_state", str(error))
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Die Maßnahme %(reference)s ist angelegt.")
                    % {"reference": measure.reference})
                return redirect(measure)
    else:
        form = MeasureForm(instance=instance, initial=initial, user=request.user)
        milestones, indicators = _formsets(request, instance)
    return render(request, "actionplan/measure_form.html", {
        "form": form, "milestones": milestones, "indicators": indicators, "outcome": outcome, "measure": None,
    })


@permission_required("actionplan.change_measure", obj=_visible_measure)
def measure_edit(request, reference):
    measure = _visible_measure(request, reference)
    conflict = None
    if request.method == "POST":
        form = MeasureForm(request.POST, instance=measure, user=request.user)
        milestones, indicators = _formsets(request, measure)
        rows_valid = all([milestones.is_valid(), indicators.is_valid()])
        if form.is_valid():
            based_on = form.cleaned_data.get("version")
            try:
                if rows_valid:
                    saved = services.measure_update(measure=measure, based_on_version=based_on, by=request.user,
                                                    data=_measure_input(form, milestones, indicators))
                else:
                    # Rows someone else removed meanwhile are invalid here; that is a conflict to
                    # explain, not a row error to puzzle over. Current versions show the row errors.
                    services.measure_check_current(measure=measure, based_on_version=based_on,
                                                   data=services.MeasureInput(fields=form.model_fields(),
                                                                              m2m=form.m2m()))
            except services.StaleMeasureError as error:
                conflict = error
                # Keep every typed value; the next save is based on what the person has now seen.
                fresh = Measure.objects.get(pk=measure.pk)
                data = rows_for_current(request.POST, fresh)
                data["version"] = str(error.current_version)
                form = MeasureForm(data, instance=fresh, user=request.user)
                milestones = MilestoneFormSet(data, instance=fresh, prefix="meilensteine")
                indicators = IndicatorFormSet(data, instance=fresh, prefix="indikatoren")
                form.is_valid()
            except PermissionDenied as error:
                form.add_error("publication_state", str(error))
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if rows_valid:
                    if saved.version == based_on:
                        messages.info(request, _("Sie haben nichts geändert; %(reference)s bleibt, wie sie war.")
                            % {"reference": saved.reference})
                    else:
                        messages.success(request, _("Die Maßnahme %(reference)s ist gespeichert.")
                            % {"reference": saved.reference})
                    return redirect(saved)
    else:
        form = MeasureForm(instance=measure, user=request.user)
        milestones, indicators = _formsets(request, measure)
    return render(request, "actionplan/measure_form.html", {
        "form": form, "milestones": milestones, "indicators": indicators, "measure": measure, "conflict": conflict,
        # A form sent twice (another tab, a second click): the only one who saved since is the sender.
        "conflict_by_yourself": bool(conflict and conflict.editors == [request.user]),
    }, status=409 if conflict else 200)


# --- detail, comments ------------------------------------------------------------------------

def _detail_context(request, measure, **extra):
    user = request.user
    can_comment = user.has_perm("actionplan.comment", measure)
    totals = selectors.comment_totals(measure)
    # A reply that failed keeps its form on the page, whichever thread it belongs to.
    all_comments = request.GET.get("kommentare") == "alle" or extra.get("reply_form_for") is not None
    latest = None if all_comments else selectors.COMMENT_THREADS_SHOWN
    context = {
        "measure": measure,
        "threads": selectors.comment_threads(measure, latest=latest),
        "comment_totals": totals,
        "comments_folded": latest is not None and totals["threads"] > latest,
        "comments_unfoldable": all_comments and totals["threads"] > selectors.COMMENT_THREADS_SHOWN,
        "comment_threads_shown": selectors.COMMENT_THREADS_SHOWN,
        "period": selectors.current_period(),
        "can_comment": can_comment,
        "can_reply": user.has_perm("actionplan.reply", measure),
        "can_report": user.has_perm("actionplan.report_comment"),
        "can_respond": user.has_perm("actionplan.respond", measure),
        "can_moderate": user.has_perm("actionplan.moderate", measure),
        "can_edit": user.has_perm("actionplan.change_measure", measure),
        "can_follow": user.has_perm("actionplan.follow", measure),
        "can_view_history": user.has_perm("actionplan.view_history", measure),
        "is_following": user.is_authenticated and Follow.objects.filter(user=user, measure=measure).exists(),
        "reply_form_for": None,
    }
    if can_comment:
        organisations = list(CommentForm(user=user).fields["organisation"].queryset)
        context["organisations"] = organisations
        context.setdefault("comment_form", CommentForm(user=user))
    context.update(extra)
    return context


def measure_detail(request, reference):
    try:
        measure = selectors.measure_detail(request.user, reference)
    except Measure.DoesNotExist:
        raise Http404(_("Diese Maßnahme gibt es nicht oder sie ist nicht veröffentlicht."))
    return render(request, "actionplan/measure_detail.html", _detail_context(request, measure))


def comment_link(request, pk):
    """Every comment has an address that finds it on its measure's page, however old it is."""
    comment = _visible_comment(request, pk)
    url = comment.measure.get_absolute_url()
    if not selectors.comment_among_latest(comment):
        url += "?kommentare=alle"
    return redirect(f"{url}#kommentar-{comment.pk}")


@require_POST
@permission_required("actionplan.comment", obj=_visible_measure, login_next=_measure_page)
def comment_create(request, reference):
    measure = _visible_measure(request, reference)
    form = CommentForm(request.POST, user=request.user)
    throttled = throttle(request, "comment")
    if throttled:
        form.is_valid()
        form.add_error(None, throttled.message)
    elif form.is_valid():
        try:
            comment = services.comment_create(
                measure=measure, author=request.user, organisation=form.cleaned_data["organisation"],
                position=form.cleaned_data["position"], text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Ihr Kommentar ist veröffentlicht."))
            return redirect(measure.get_absolute_url() + f"#kommentar-{comment.pk}")
    measure = selectors.measure_detail(request.user, reference)
    response = render(request, "actionplan/measure_detail.html",
                      _detail_context(request, measure, comment_form=form), status=429 if throttled else 400)
    return with_retry_after(response, throttled) if throttled else response


@require_POST
@permission_required("actionplan.reply", obj=_comment_measure,
                     login_next=lambda request, pk: _comment_measure(request, pk).get_absolute_url())
def comment_reply(request, pk):
    parent = _visible_comment(request, pk)
    measure = parent.measure
    form = ReplyForm(request.POST, user=request.user)
    throttled = throttle(request, "comment")
    if throttled:
        form.is_valid()
        form.add_error(None, throttled.message)
    elif form.is_valid():
        try:
            reply = services.comment_create(
                measure=measure, author=request.user, organisation=form.cleaned_data["organisation"],
                text=form.cleaned_data["text"], parent=parent,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Ihre Antwort ist veröffentlicht."))
            return redirect(reply.get_absolute_url())
    measure = selectors.measure_detail(request.user, measure.reference)
    response = render(request, "actionplan/measure_detail.html",
                      _detail_context(request, measure, reply_form=form, reply_form_for=parent.pk),
                      status=429 if throttled else 400)
    return with_retry_after(response, throttled) if throttled else response


@permission_required("actionplan.report_comment", obj=_visible_comment)
def comment_report(request, pk):
    comment = _visible_comment(request, pk)
    if comment.is_hidden:
        # A hidden comment's text stays hidden; there is nothing left to report.
        raise Http404(_("Dieser Kommentar ist bereits ausgeblendet."))
    form = ReportForm(request.POST or None)
    throttled = throttle(request, "comment_report") if request.method == "POST" else None
    if throttled:
        form.is_valid()
        form.add_error(None, throttled.message)
    elif request.method == "POST" and form.is_valid():
        try:
            services.comment_report(comment=comment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Danke für Ihre Meldung. Das Moderationsteam prüft den Kommentar."))
            return redirect(comment.get_absolute_url())
    response = render(request, "actionplan/comment_report.html", {"comment": comment, "form": form},
                      status=429 if throttled else 200)
    return with_retry_after(response, throttled) if throttled else response


@permission_required("actionplan.respond", obj=_comment_measure)
def comment_respond(request, pk):
    comment = _visible_comment(request, pk)
    if comment.parent_id is not None:
        # Replies carry no Abwägung of their own (services.response_save): there is no such page.
        raise Http404(services.NO_RESPONSE_TO_A_REPLY)
    existing = Response.objects.filter(comment=comment).first()
    initial = {"disposition": existing.disposition, "reasoning": existing.reasoning} if existing else None
    form = ResponseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_save(comment=comment, disposition=form.cleaned_data["disposition"],
                                   reasoning=form.cleaned_data["reasoning"], by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Die Antwort der Verwaltung ist gespeichert; die verfassende Person "
                                      "wird per E-Mail benachrichtigt."))
            return redirect(_next_url(request, comment.get_absolute_url()))
    return render(request, "actionplan/response_form.html",
                  {"comment": comment, "form": form, "existing": existing, "next": request.GET.get("next", "")})


@require_http_methods(["GET", "POST"])
@permission_required("actionplan.moderate", obj=_comment_measure)
def comment_hide(request, pk):
    comment = _visible_comment(request, pk)
    if comment.is_hidden:
        messages.info(request, _("Dieser Kommentar ist bereits ausgeblendet."))
        return redirect(_next_url(request, reverse("actionplan:comment_link", args=[comment.pk])))
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_hide(comment=comment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Der Kommentar ist ausgeblendet; die verfassende Person wird benachrichtigt."))
            return redirect(_next_url(request, reverse("actionplan:moderation")))
    return render(request, "actionplan/comment_hide.html",
                  {"comment": comment, "form": form, "next": _next_url(request, "")},
                  status=400 if form.errors else 200)


@require_POST
@permission_required("actionplan.moderate", obj=_comment_measure)
def comment_restore(request, pk):
    comment = _visible_comment(request, pk)
    services.comment_restore(comment=comment, by=request.user)
    messages.success(request, _("Der Kommentar ist wieder sichtbar."))
    return redirect(_next_url(request, reverse("actionplan:moderation")))


@require_POST
@permission_required("actionplan.moderate", obj=_comment_measure)
def reports_dismiss(request, pk):
    comment = _visible_comment(request, pk)
    services.reports_dismiss(comment=comment, by=request.user)
    messages.success(request, _("Die Meldungen sind erledigt; der Kommentar bleibt sichtbar."))
    return redirect(_next_url(request, reverse("actionplan:moderation")))


@permission_required("actionplan.moderate")
def moderation(request):
    open_reports = CommentReport.objects.filter(resolved_at__isnull=True).select_related("reported_by")
    reported = (
        Comment.objects.filter(pk__in=CommentReport.objects.filter(resolved_at__isnull=True).values("comment_id"))
        .select_related("measure", "organisation", "author")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .order_by("created_at")
    )
    hidden = (
        Comment.objects.filter(hidden_at__isnull=False)
        .select_related("measure", "organisation", "author", "hidden_by")
        .order_by("-hidden_at")[:50]
    )
    return render(request, "actionplan/moderation.html", {"reported": reported, "hidden": hidden})


@permission_required("actionplan.respond")
def consultation(request):
    overview = selectors.consultation_overview()
    periods = ConsultationPeriod.objects.all()
    return render(request, "actionplan/consultation.html", {
        **overview, "periods": periods, "period": selectors.current_period(),
        "can_manage_periods": request.user.has_perm("actionplan.manage_periods"),
    })


@permission_required("actionplan.manage_periods")
def period_edit(request, pk=None):
    period = get_object_or_404(ConsultationPeriod, pk=pk) if pk else None
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_save(period=period, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Die Beteiligungsphase ist gespeichert."))
            return redirect("actionplan:consultation")
    return render(request, "actionplan/period_form.html", {"form": form, "period": period})


# --- following -------------------------------------------------------------------------------

@require_POST
@permission_required("actionplan.follow", obj=_visible_measure, login_next=_measure_page)
def measure_follow(request, reference):
    measure = _visible_measure(request, reference)
    if request.POST.get("action") == "unfollow":
        services.measure_unfollow(measure=measure, user=request.user)
        messages.success(request, _("Sie folgen %(reference)s nicht mehr.") % {"reference": measure.reference})
    else:
        services.measure_follow(measure=measure, user=request.user)
        messages.success(request, _("Sie folgen jetzt %(reference)s und erhalten eine E-Mail, wenn sich der Status "
                                    "ändert, sie in Beteiligung geht oder beschlossen wird.")
                         % {"reference": measure.reference})
    return redirect(_next_url(request, measure.get_absolute_url()))


@permission_required("actionplan.view_own_follows")
def my_follows(request):
    follows = (
        Follow.objects.filter(user=request.user, measure__in=selectors.visible_measures(request.user))
        .select_related("measure__field_of_action")
        .order_by("measure__reference")
    )
    return render(request, "actionplan/my_follows.html", {"follows": follows})


# --- history ---------------------------------------------------------------------------------

@permission_required("actionplan.view_history", obj=_visible_measure)
def measure_history(request, reference):
    measure = _visible_measure(request, reference)
    return render(request, "actionplan/measure_history.html", {"measure": measure, "entries": timeline(measure)})


@permission_required("actionplan.view_history",
                     obj=lambda request, reference, history_id: _visible_measure(request, reference))
def measure_version(request, reference, history_id):
    measure = _visible_measure(request, reference)
    record = get_object_or_404(measure.history.select_related("history_user"), history_id=history_id)
    previous = record.prev_record
    return render(request, "actionplan/measure_version.html", {
        "measure": measure, "record": record, "previous": previous, "changes": record_changes(record, previous),
    })


# --- coverage and need -----------------------------------------------------------------------

def coverage(request):
    groups = selectors.coverage(request.user)
    total = sum(g["count"] for g in groups)
    by_field = {}
    for group in groups:
        for entry in group["fields"]:
            name = entry["field"].name if entry["field"] else "ohne Handlungsfeld"
            counts = by_field.setdefault(name, {"urgent": 0, "improve": 0})
            for outcome in entry["outcomes"]:
                counts["urgent" if outcome.kind == Outcome.Kind.URGENT else "improve"] += 1
    return render(request, "actionplan/coverage.html", {
        "groups": groups, "total": total, "by_field": sorted(by_field.items()),
        "can_add": request.user.has_perm("actionplan.add_measure"),
    })


def need_and_action(request):
    indicators = selectors.need_indicators()
    form = NeedForm(request.GET or None, indicators=indicators)
    indicator = selectors.default_need_indicator(indicators)
    level = "stadtteil"
    if form.is_bound and form.is_valid():
        indicator = form.cleaned_data.get("indicator") or indicator
        level = form.cleaned_data.get("ebene") or level
    if not form.is_bound:
        form = NeedForm(initial={"indicator": indicator, "ebene": level}, indicators=indicators)
    data = selectors.need_and_action(request.user, indicator, level)
    return render(request, "actionplan/need_and_action.html", {
        "form": form, "indicator": indicator, "level": level, "statuses": Measure.Status.choices, **data,
    })


def area_panel(request, area):
    """The measures naming an area, for the statistics app's area profile."""
    measures = list(selectors.measures_for_area(request.user, area))
    measure_url = link_maker("actionplan:measure_detail", key="reference")
    # get_status_display() builds and hashes the whole list of translated labels on every call.
    status_labels = {value: str(label) for value, label in Measure.Status.choices}
    counts = {}
    for measure in measures:
        measure.url = measure_url(measure.reference)
        measure.status_label = status_labels.get(measure.status, measure.status)
        counts[measure.status_label] = counts.get(measure.status_label, 0) + 1
    return {
        "title": _("Maßnahmen des Aktionsplans"),
        "template": "actionplan/includes/area_panel.html",
        "context": {"area": area, "measures": measures, "status_counts": sorted(counts.items())},
    }

