
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.decorators import permission_required
from core.numbers import format_count
from core.versioning import refuse_stale_edit
from hannover_teilhabe.tabular import TableError, csv_response, read_table, xlsx_response
from hannover_teilhabe.throttle import rate_limited
from hannover_teilhabe.uploads import UploadRefused
from workshops import extensions, selectors, services
from workshops.filters import OutcomeFilter
from workshops.forms import EventForm, OutcomeChoices, OutcomeForm, OutcomeImportForm, WorkshopForm
from workshops.models import Event, Outcome, Workshop

PAGE_SIZE = 50


def _visible_or_404(request, perm, obj):
    # What the public may not see yet does not exist for them.
    if not request.user.has_perm(perm, obj):
        raise Http404


def _get_workshop(pk):
    return get_object_or_404(Workshop.objects.select_related("event"), pk=pk)


def _get_event(slug):
    return get_object_or_404(Event, slug=slug)


def _get_outcome(pk):
    return get_object_or_404(Outcome.objects.select_related("workshop__event"), pk=pk)


def _board_url(workshop, outcome=None):
    url = reverse("workshops:board", kwargs={"pk": workshop.pk})
    return f"{url}#ergebnis-{outcome.pk}" if outcome else url


# --- Reading ---------------------------------------------------------------------------------

def index(request):
    events = selectors.visible_events(request.user).annotate(
        workshop_count=Count("workshops", distinct=True),
        outcome_count=Count("workshops__outcomes", distinct=True),
    )
    return render(request, "workshops/index.html", {"events": events})


def event_detail(request, slug):
    event = get_object_or_404(Event, slug=slug)
    _visible_or_404(request, "workshops.view_event", event)
    workshops = selectors.event_workshops(event)
    return render(request, "workshops/event_detail.html", {"event": event, "workshops": workshops})


def board(request, pk):
    workshop = _get_workshop(pk)
    _visible_or_404(request, "workshops.view_workshop", workshop)
    can_edit = request.user.has_perm("workshops.change_outcomes", workshop)
    context = {"workshop": workshop, "event": workshop.event, "can_edit": can_edit,
               "columns": _columns(workshop, can_edit)}
    return render(request, "workshops/board.html", context)


def _columns(workshop, can_edit, *, bound_form=None, added=None):
    choices = OutcomeChoices() if can_edit else None
    columns = []
    for kind, title, label, outcomes in selectors.board_columns(workshop):
        form = None
        if can_edit:
            if bound_form is not None and bound_form.data.get(f"neu-{kind}-kind") == kind:
                form = bound_form
            else:
                form = OutcomeForm(prefix=f"neu-{kind}", fixed_kind=kind, choices=choices)
                if added is not None and added.kind == kind:
                    # Ready for the next card from the same flip chart.
                    form.fields["title"].widget.attrs["autofocus"] = True
        added_here = None
        if added is not None and added.kind == kind:
            added_here = next((card for card in outcomes if card["pk"] == added.pk), None)
        columns.append({"kind": kind, "title": title, "label": label, "outcomes": outcomes, "form": form,
                        "added": added_here, "added_cards": [added_here] if added_here else []})
    return columns


def _filtered_outcomes(request, outcomes):
    events = selectors.visible_events(request.user)
    filterset = OutcomeFilter(request.GET or None, queryset=outcomes, events=events, request=request)
    rows = selectors.with_details(filterset.qs).order_by("workshop__event__date", "workshop__number", "kind",
                                                        "-weight", "title")
    return filterset, rows


def outcome_list(request):
    # Other apps may add columns (the action plan: how many measures take an outcome up).
    columns = extensions.columns_for(request)
    outcomes = selectors.visible_outcomes(request.user)
    for column in columns:
        outcomes = column.annotate(outcomes)
    filterset, rows = _filtered_outcomes(request, outcomes)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("seite"))
    for outcome in page.object_list:
        outcome.extra_cells = [(column, column.value(outcome)) for column in columns]
    query = request.GET.copy()
    query.pop("seite", None)
    return render(request, "workshops/outcome_list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(), "columns": columns,
    })


def outcome_export(request, fmt):
    _filterset, rows = _filtered_outcomes(request, selectors.visible_outcomes(request.user))
    data = selectors.export_rows(rows)
    if fmt == "xlsx":
        return xlsx_response("workshop-ergebnisse", selectors.EXPORT_HEADER, data, sheet_title="Ergebnisse")
    return csv_response("workshop-ergebnisse", selectors.EXPORT_HEADER, data)


def outcome_detail(request, pk):
    outcome = get_object_or_404(selectors.with_details(Outcome.objects.all()), pk=pk)
    _visible_or_404(request, "workshops.view_outcome", outcome)
    show_history = request.user.has_perm("workshops.view_outcome_history", outcome)
    return render(request, "workshops/outcome_detail.html", {
        "outcome": outcome, "workshop": outcome.workshop, "event": outcome.workshop.event,
        # Other apps (the action plan) show here what they make of the outcome.
        "panels": extensions.render_outcome_panels(request, outcome),
        "history": selectors.outcome_history(outcome) if show_history else None,
        "can_edit": request.user.has_perm("workshops.change_outcomes", outcome),
    })


# --- Writing on the board ------------------------------------------------------------------

@require_POST
@permission_required("workshops.change_outcomes", obj=lambda request, pk: _get_workshop(pk))
def outcome_add(request, pk):
    workshop = _get_workshop(pk)
    kind = request.POST.get("kind", "")
    if kind not in Outcome.Kind.values:
        kind = next((k for k in Outcome.Kind.values if f"neu-{k}-kind" in request.POST), "")
    if not kind:
        raise Http404
    form = OutcomeForm(request.POST, prefix=f"neu-{kind}", fixed_kind=kind)
    outcome = None
    if form.is_valid() and form.cleaned_data["kind"] == kind:
        try:
            outcome = services.outcome_create(workshop=workshop, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
    if outcome is not None:
        if request.htmx:
            return _column_response(request, workshop, kind, added=outcome)
        messages.success(request, _("Das Ergebnis „%(title)s“ wurde hinzugefügt.") % {"title": outcome.title})
        return redirect(_board_url(workshop, outcome))
    form.focus_first_error()
    if request.htmx:
        # htmx 2 swaps only 2xx answers; the errors are in the returned column.
        return _column_response(request, workshop, kind, bound_form=form)
    context = {"workshop": workshop, "event": workshop.event, "can_edit": True,
               "columns": _columns(workshop, True, bound_form=form)}
    return render(request, "workshops/board.html", context, status=422)


def _add_errors(form, error):
    """Show a service's refusal next to the field it names, or above the form."""
    for name, messages_ in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)


def _column_response(request, workshop, kind, *, bound_form=None, added=None):
    column = next(c for c in _columns(workshop, True, bound_form=bound_form, added=added) if c["kind"] == kind)
    announcement = ""
    if added is not None:
        announcement = _("Das Ergebnis „%(title)s“ wurde hinzugefügt.") % {"title": added.title}
    elif bound_form is not None:
        announcement = _("Das Ergebnis wurde nicht gespeichert. Bitte prüfen Sie die markierten Felder.")
    return render(request, "workshops/includes/add_response.html",
                  {"column": column, "workshop": workshop, "can_edit": True, "announcement": announcement})


@require_http_methods(["GET", "POST"])
@permission_required("workshops.change_outcomes", obj=lambda request, pk: _get_outcome(pk))
def outcome_edit(request, pk):
    outcome = _get_outcome(pk)
    workshop = outcome.workshop
    prefix = f"ergebnis-{outcome.pk}"
    if request.method == "POST":
        old_kind = outcome.kind
        form = OutcomeForm(request.POST, instance=outcome, prefix=prefix)
        saved = False
        if form.is_valid():
            try:
                # ModelForm already copied the values onto the instance; the service saves and records them.
                outcome = services.outcome_update(outcome=outcome, by=request.user, **form.cleaned_data)
                saved = True
            except services.OutcomeChanged as changed:
                _explain_conflict(form, changed)
            except ValidationError as error:
                _add_errors(form, error)
        if saved:
            if request.htmx:
                if outcome.kind != old_kind:
                    # It belongs in another column now: show the board afresh.
                    messages.success(request, _("Das Ergebnis „%(title)s“ steht jetzt unter „%(kind)s“.")
                                     % {"title": outcome.title, "kind": outcome.get_kind_display()})
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = _board_url(workshop, outcome)
                    # The board's URL differs only by its anchor, which alone would not reload the page.
                    response["HX-Refresh"] = "true"
                    return response
                return _card_response(request, outcome, saved=True)
            messages.success(request, _("Das Ergebnis „%(title)s“ wurde gespeichert.") % {"title": outcome.title})
            return redirect(_board_url(workshop, outcome))
        form.focus_first_error()
        status = 200 if request.htmx else 422
    else:
        form = OutcomeForm(instance=outcome, prefix=prefix)
        form.fields["title"].widget.attrs["autofocus"] = True
        status = 200
    template = "workshops/includes/outcome_edit_form.html" if request.htmx else "workshops/outcome_edit.html"
    return render(request, template, {"form": form, "outcome": outcome, "workshop": workshop,
                                      "event": workshop.event}, status=status)


def _explain_conflict(form, changed):
    if changed.unknown_base:
        form.add_error(None, _(
            "Es ließ sich nicht feststellen, welchen Stand dieses Ergebnisses Sie bearbeitet haben; inzwischen "
            "könnte eine andere Person es gespeichert haben. Nichts wurde gespeichert. Ihre Eingaben stehen unten "
            "noch; bitte vergleichen Sie sie mit der aktuellen Fassung und speichern Sie erneut."
        ))
        form.data = form.data.copy()
        form.data[form.add_prefix("based_on")] = changed.updated_at.isoformat()
        return
    refuse_stale_edit(form, message=_(
        "%(who)s hat dieses Ergebnis gespeichert (%(when)s Uhr), während Sie es bearbeitet haben. "
        "Ihre Eingaben stehen unten noch; bitte vergleichen Sie sie mit der aktuellen Fassung und speichern Sie "
        "erneut."
    ), saved_by=changed.updated_by, saved_at=changed.updated_at, based_on_field=form.add_prefix("based_on"),
        current_version=changed.updated_at.isoformat())


def outcome_card(request, pk):
    outcome = _get_outcome(pk)
    _visible_or_404(request, "workshops.view_outcome", outcome)
    if not request.htmx:
        return redirect(_board_url(outcome.workshop, outcome))
    return _card_response(request, outcome)


def _card_response(request, outcome, *, saved=False):
    cards = selectors.board_cards(Outcome.objects.filter(pk=outcome.pk))
    return render(request, "workshops/includes/outcome_card.html", {
        "outcomes": cards, "can_edit": request.user.has_perm("workshops.change_outcomes", outcome),
        "saved": saved, "focus_edit": True,
        "announcement": _("Das Ergebnis „%(title)s“ wurde gespeichert.") % {"title": outcome.title} if saved else "",
    })


@require_http_methods(["GET", "POST"])
@permission_required("workshops.change_outcomes", obj=lambda request, pk: _get_outcome(pk))
def outcome_delete(request, pk):
    outcome = _get_outcome(pk)
    workshop = outcome.workshop
    if request.method == "POST":
        title, kind = outcome.title, outcome.kind
        services.outcome_delete(outcome=outcome, by=request.user)
        text = _("Das Ergebnis „%(title)s“ wurde gelöscht.") % {"title": title}
        if request.htmx:
            return render(request, "workshops/includes/outcome_deleted.html", {
                "text": text, "kind": kind, "count": workshop.outcomes.filter(kind=kind).count(),
            })
        messages.success(request, text)
        return redirect(_board_url(workshop))
    template = "workshops/includes/outcome_delete_confirm.html" if request.htmx else "workshops/outcome_delete.html"
    return render(request, template, {"outcome": outcome, "workshop": workshop, "event": workshop.event})


# --- Events and their workshops -------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@permission_required("workshops.change_events")
def event_create(request):
    return _event_form(request, Event())


@require_http_methods(["GET", "POST"])
@permission_required("workshops.change_events", obj=lambda request, slug: _get_event(slug))
def event_edit(request, slug):
    event = get_object_or_404(Event, slug=slug)
    return _event_form(request, event)


def _event_form(request, event):
    if request.method == "POST":
        form = EventForm(request.POST, instance=event)
        if form.is_valid():
            event = services.event_save(event=event if event.pk else None, by=request.user, **form.cleaned_data)
            messages.success(request, _("Die Veranstaltung wurde gespeichert."))
            return redirect(event.get_absolute_url())
        status = 422
    else:
        form = EventForm(instance=event)
        status = 200
    return render(request, "workshops/event_form.html", {"form": form, "event": event}, status=status)


@require_http_methods(["GET", "POST"])
@permission_required("workshops.change_workshops", obj=lambda request, slug: _get_event(slug))
def workshop_create(request, slug):
    event = get_object_or_404(Event, slug=slug)
    return _workshop_form(request, event, Workshop(event=event))


@require_http_methods(["GET", "POST"])
@permission_required("workshops.change_workshops", obj=lambda request, pk: _get_workshop(pk))
def workshop_edit(request, pk):
    workshop = _get_workshop(pk)
    return _workshop_form(request, workshop.event, workshop)


def _workshop_form(request, event, workshop):
    if request.method == "POST":
        form = WorkshopForm(request.POST, instance=workshop)
        if form.is_valid():
            try:
                saved = services.workshop_save(workshop=workshop if workshop.pk else None, event=event,
                                               by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Der Workshop wurde gespeichert."))
                return redirect(saved.get_absolute_url())
        status = 422
    else:
        initial = {}
        if workshop.pk is None:
            initial["number"] = (event.workshops.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        form = WorkshopForm(instance=workshop, initial=initial)
        status = 200
    return render(request, "workshops/workshop_form.html",
                  {"form": form, "event": event, "workshop": workshop}, status=status)


# --- Import ---------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@permission_required("workshops.import_outcomes", obj=lambda request, pk: _get_workshop(pk))
@rate_limited("import_upload", when=lambda request: bool(request.FILES))
def outcome_import(request, pk):
    workshop = _get_workshop(pk)
    context = {"workshop": workshop, "event": workshop.event, "columns": services.IMPORT_COLUMNS}

    if request.method == "POST" and "bestaetigen" in request.POST:
        return _import_confirm(request, workshop, context)
    if request.method == "POST" and "verwerfen" in request.POST:
        services.import_upload_discard(workshop=workshop, by=request.user)
        messages.success(request, _("Die hochgeladene Datei wurde verworfen; es wurde nichts gespeichert."))
        return redirect("workshops:outcome_import", pk=workshop.pk)

    if request.method == "POST":
        form = OutcomeImportForm(request.POST, request.FILES)
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            try:
                rows = read_table(uploaded)
            except TableError as error:
                form.add_error("file", str(error))
            else:
                preview = services.parse_import(rows, workshop=workshop)
                pending = None
                if preview.ok:
                    # Kept until confirmed, so the planner need not upload it twice.
                    try:
                        pending = services.import_upload_keep(workshop=workshop, by=request.user,
                                                              filename=uploaded.name, rows=rows)
                    except UploadRefused as refusal:
                        form.add_error("file", str(refusal))
                if not form.errors:
                    if pending is None:
                        services.import_upload_discard(workshop=workshop, by=request.user)
                    context.update({"form": OutcomeImportForm(), "preview": preview, "filename": uploaded.name,
                                    "uploaded_at": timezone.now(), "pending": pending})
                    return render(request, "workshops/outcome_import.html", context,
                                  status=200 if preview.ok else 422)
        context["form"] = form
        return render(request, "workshops/outcome_import.html", context, status=422)

    context["form"] = OutcomeImportForm()
    pending = services.import_upload_pending(workshop=workshop, by=request.user)
    if pending is not None:
        # Coming back shows the kept upload again (checked against today's data, not read again),
        # with its name and time, so nobody saves it by mistake later.
        context.update({"preview": services.parse_import(pending.table, workshop=workshop), "pending": pending,
                        "filename": pending.filename, "uploaded_at": pending.created_at})
    return render(request, "workshops/outcome_import.html", context)


def _import_confirm(request, workshop, context):
    token = request.POST.get("upload", "")
    try:
        created = services.import_upload_confirm(workshop=workshop, token=token, by=request.user)
    except services.ImportRejected as rejected:
        pending = services.import_upload_pending(workshop=workshop, by=request.user)
        context.update({"form": OutcomeImportForm(), "preview": rejected.preview, "pending": pending,
                        "filename": pending.filename if pending else "",
                        "uploaded_at": pending.created_at if pending else None})
        return render(request, "workshops/outcome_import.html", context, status=422)
    except UploadRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("workshops:outcome_import", pk=workshop.pk)
    count = format_count(len(created))
    messages.success(request, _("%(count)s Ergebnisse wurden importiert.") % {"count": count})
    return redirect(workshop.get_absolute_url())


@permission_required("workshops.import_outcomes")
def import_template(request):
    header, rows = services.import_template_rows()
    return csv_response("vorlage-workshop-ergebnisse", header, rows)

