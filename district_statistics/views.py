from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.decorators import permission_required
from core.models import Area
from core.numbers import format_count
from district_statistics import extensions
from district_statistics.charts import time_series_svg
from district_statistics.exports import csv_export, json_export
from district_statistics.filters import ValueExportFilter
from district_statistics.forms import (
    ImportConfirmForm,
    ImportIndicatorForm,
    ImportUploadForm,
    IndicatorForm,
    NonTakeUpEstimateForm,
)
from district_statistics.maps import choropleth_svg, legend_entries, locator_svg, map_summary
from district_statistics.models import ImportLog, Indicator, NonTakeUpEstimate, Value
from district_statistics.numbers import GEODATA_ATTRIBUTION, dark_figure_range, present_value
from district_statistics.published import published_figures
from district_statistics.selectors import (
    LEVEL_LABELS,
    area_profile,
    children_comparison,
    default_year,
    indicator_years,
    non_take_up,
    published_indicators,
    ranking,
)
from district_statistics.services import (
    FORMAT_LABELS,
    FORMAT_WIDE,
    ImportRefused,
    TableError,
    save_indicator,
    upload_choose_indicator,
    upload_confirm,
    upload_discard,
    upload_find,
    upload_keep,
    upload_plan,
    uploads_waiting,
)
from hannover_teilhabe.links import link_maker
from hannover_teilhabe.tabular import read_table
from hannover_teilhabe.throttle import rate_limited
from hannover_teilhabe.uploads import UploadGone, UploadRefused

SORT_KEYS = {"rang", "name", "veraenderung"}


def index(request):
    indicators = list(published_indicators(request.user))
    city = Area.objects.filter(kind=Area.Kind.CITY).first()
    latest = {}
    for value in Value.objects.filter(indicator__in=indicators, area=city).order_by("year"):
        latest[value.indicator_id] = value
    cards = []
    for indicator in indicators:
        value = latest.get(indicator.pk)
        shown = present_value(indicator, value=value.value if value else None,
                              numerator=value.numerator if value else None)
        cards.append({"indicator": indicator, "year": value.year if value else None, "text": shown.text})
    districts = Area.objects.filter(kind=Area.Kind.DISTRICT).order_by("number").prefetch_related(
        Prefetch("children", queryset=Area.objects.order_by("name"))
    )
    return render(request, "statistics/index.html", {
        "cards": cards, "districts": districts, "city": city,
        "any_example_data": any(indicator.is_example_data for indicator in indicators),
    })


def _indicator_for(request, key):
    indicator = get_object_or_404(Indicator, key=key)
    if not request.user.has_perm("statistics.view_indicator", indicator):
        raise Http404
    return indicator


def _int_param(request, name, allowed, default):
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return default
    return value if value in allowed else default


def indicator_detail(request, key):
    indicator = _indicator_for(request, key)
    years = indicator_years(indicator)
    level = request.GET.get("ebene") if request.GET.get("ebene") in LEVEL_LABELS else "stadtteil"
    year = _int_param(request, "jahr", years, default_year(indicator=indicator, level=level) if years else None)
    reference_year = _int_param(request, "vergleich", [y for y in years if y != year],
                                years[0] if len(years) > 1 and years[0] != year else None)
    sort = request.GET.get("sortierung") if request.GET.get("sortierung") in SORT_KEYS else "rang"
    estimate = non_take_up(indicator)
    rows = map_svg = map_legend = None
    if year is not None:
        rows = ranking(indicator=indicator, year=year, level=level, reference_year=reference_year)
        map_svg = choropleth_svg(indicator=indicator, year=year, level=level, values=rows, legend=False)
        map_legend = legend_entries(indicator=indicator, rows=rows)
        summary = map_summary(indicator, year, level, rows)
        table_rows = list(rows)
        if sort == "name":
            table_rows.sort(key=lambda row: row.area.name)
        elif sort == "veraenderung":
            direction = -1 if indicator.higher_is_worse else 1
            table_rows.sort(key=lambda row: (row.change is None, direction * (row.change or 0), row.area.name))
        area_url = link_maker("statistics:area_detail", key="slug")
        for row in table_rows:
            row.dark_figure = dark_figure_range(indicator, estimate, row.value) if estimate else None
            row.area_url = area_url(row.area.slug)
        city_dark_figure = dark_figure_range(indicator, estimate, rows.city.value) if estimate and rows.city else None
        city_dark_persons = (dark_figure_range(indicator, estimate, rows.city.numerator, persons=True)
                             if estimate and rows.city and rows.city.numerator is not None else None)
    else:
        table_rows, city_dark_figure, city_dark_persons, summary = [], None, None, ""
    return render(request, "statistics/indicator_detail.html", {
        "indicator": indicator, "years": years, "year": year, "reference_year": reference_year,
        "level": level, "level_label": LEVEL_LABELS[level], "levels": LEVEL_LABELS, "sort": sort,
        "ranking": rows, "table_rows": table_rows, "map_svg": map_svg, "map_legend": map_legend,
        "map_summary": summary, "estimate": estimate,
        "city_dark_figure": city_dark_figure, "city_dark_persons": city_dark_persons,
        "attribution": GEODATA_ATTRIBUTION, "area_kind": "stadtteil" if level == "stadtteil" else "bezirk",
    })


def area_detail(request, slug):
    area = get_object_or_404(Area.objects.select_related("parent"), slug=slug)
    indicators = list(published_indicators(request.user))
    rows = area_profile(area=area, indicators=indicators)
    markers = extensions.collect_time_series_markers(request, area)
    for position, row in enumerate(rows):
        row.chart = time_series_svg(
            indicator=row.indicator,
            title=_("%(indicator)s in %(area)s im Zeitverlauf") % {"indicator": row.indicator.name, "area": area.name},
            series=row.chart_series, city_series=row.city_series, uid=f"verlauf-{position}", markers=markers,
            area_label=_("Gebiet"),
        )
    children = list(area.children.order_by("name"))
    area_url = link_maker("statistics:area_detail", key="slug")
    for child in children:
        child.url = area_url(child.slug)
    comparison_columns, comparison_rows = ([], [])
    if area.kind == Area.Kind.DISTRICT:
        comparison_columns, comparison_rows = children_comparison(area=area, children=children, indicators=indicators)
    return render(request, "statistics/area_detail.html", {
        "area": area, "rows": rows, "children": children,
        "comparison_columns": comparison_columns, "comparison_rows": comparison_rows,
        "locator": locator_svg(area),
        "attribution": GEODATA_ATTRIBUTION,
        "panels": _panels(request, area),
        "markers": markers,
        "any_example_data": any(row.indicator.is_example_data for row in rows),
    })


def _panels(request, area):
    # Other apps (the action plan) add panels here; each is rendered with its own context.
    return extensions.render_area_panels(request, area)


def export(request):
    allowed = published_indicators(request.user)
    queryset = Value.objects.filter(indicator__in=allowed).select_related("indicator", "area").order_by(
        "indicator__position", "indicator__name", "area__kind", "area__number", "year"
    )
    value_filter = ValueExportFilter(request.GET or None, queryset=queryset, request=request)
    wanted = request.GET.get("format")
    if wanted in {"csv", "json"} and value_filter.is_valid():
        values = list(value_filter.qs)
        chosen = value_filter.form.cleaned_data.get("indikator")
        indicators = list(chosen) if chosen else list({v.indicator_id: v.indicator for v in values}.values())
        if len(indicators) == 1:
            stem = f"statistik-{indicators[0].key}"
        else:
            stem = "statistik-auswahl"
        if wanted == "csv":
            return csv_export(values, indicators, stem=stem)
        return json_export(values, indicators, stem=stem)
    return render(request, "statistics/export.html", {"filter": value_filter})


def published_figures_view(request):
    return render(request, "statistics/published_figures.html", {"groups": published_figures()})


# --- Import ---------------------------------------------------------------------------------


@permission_required("statistics.import_values")
@rate_limited("import_upload", when=lambda request: bool(request.FILES))
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            # Read once, within budgets; the preview works from the rows kept with the upload.
            # A file uploaded from a preview corrects that upload and takes its place.
            pending = upload_keep(by=request.user, filename=uploaded.name, table=read_table(uploaded),
                                  indicator=form.cleaned_data.get("indicator"),
                                  replaces=request.POST.getlist("ersetzt"))
        except (TableError, UploadRefused) as refusal:
            form.add_error("file", str(refusal))
        else:
            return redirect("statistics:import_preview", token=pending.token)
    return render(request, "statistics/import_upload.html",
                  {"form": form, "logs": _recent_logs(), "waiting": uploads_waiting(by=request.user)},
                  status=422 if form.errors else 200)


def _count(number):
    return format_count(number)


def _recent_logs():
    return ImportLog.objects.select_related("imported_by")[:10]


def _success_message(log):
    new = ngettext("%(new)s neuer Wert", "%(new)s neue Werte", log.created_count) % {"new": _count(log.created_count)}
    skipped = ngettext("%(count)s Zeile", "%(count)s Zeilen", log.skipped_count) % {
        "count": _count(log.skipped_count)}
    return _(
        "Import abgeschlossen: %(new)s, %(replaced)s ersetzt, %(kept)s unverändert oder beibehalten, "
        "%(skipped)s übersprungen."
    ) % {"new": new, "replaced": _count(log.replaced_count), "kept": _count(log.kept_count), "skipped": skipped}


@permission_required("statistics.import_values")
def import_preview(request, token):
    pending = upload_find(token=token, by=request.user)
    if pending is None:
        raise Http404
    indicator_form = ImportIndicatorForm(
        request.POST if "indikator_waehlen" in request.POST else None,
        initial={"indicator": pending.options.get("indicator")}, prefix="auswahl",
    )
    if request.method == "POST" and "indikator_waehlen" in request.POST:
        if indicator_form.is_valid():
            upload_choose_indicator(pending=pending, indicator=indicator_form.cleaned_data["indicator"])
            return redirect("statistics:import_preview", token=token)
    try:
        plan, table_error = upload_plan(pending=pending), None
    except TableError as error:
        plan, table_error = None, str(error)
    confirm_form = ImportConfirmForm(request.POST if "on_conflict" in request.POST else None)
    if request.method == "POST" and plan is not None and plan.is_valid and confirm_form.is_valid():
        try:
            log = upload_confirm(token=token, by=request.user, on_conflict=confirm_form.cleaned_data["on_conflict"])
        except UploadGone as gone:
            messages.error(request, str(gone))
            return redirect("statistics:import_upload")
        except (ImportRefused, UploadRefused) as refusal:
            # Nothing was written and the upload is kept: the planner can try again from here.
            messages.error(request, str(refusal))
        else:
            messages.success(request, _success_message(log))
            indicators = plan.indicators
            if len(indicators) == 1:
                return redirect(indicators[0].get_absolute_url())
            return redirect("statistics:import_logs")
    indicator = Indicator.objects.filter(pk=pending.options.get("indicator")).first()
    file_format = pending.options.get("format")
    if file_format == FORMAT_WIDE and indicator is None:
        # Not an unreadable file: the form above asks for the indicator.
        table_error = None
    return render(request, "statistics/import_preview.html", {
        "pending": pending, "indicator": indicator, "plan": plan, "table_error": table_error, "token": token,
        "format_label": FORMAT_LABELS.get(file_format, ""), "is_wide": file_format == FORMAT_WIDE,
        "suggested": pending.options.get("suggested"), "indicator_form": indicator_form,
        "confirm_form": confirm_form, "upload_form": ImportUploadForm(),
        "import_count": len(plan.new) + len(plan.conflicts) if plan else 0,
        "errors_shown": plan.errors[:200] if plan else [], "conflicts_shown": plan.conflicts[:200] if plan else [],
    }, status=422 if request.method == "POST" else 200)


@require_POST
@permission_required("statistics.import_values")
def import_discard(request, token):
    upload_discard(token=token, by=request.user)
    messages.success(request, _("Der Import wurde verworfen; es wurde nichts gespeichert."))
    return redirect("statistics:import_upload")


@permission_required("statistics.view_importlog")
def import_logs(request):
    return render(request, "statistics/import_logs.html",
                  {"logs": ImportLog.objects.select_related("imported_by")[:200]})


# --- Editing indicators ---------------------------------------------------------------------


@permission_required("statistics.change_indicator")
def indicator_create(request):
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator = save_indicator(by=request.user, **form.cleaned_data)
        messages.success(request, _("Der Indikator „%(name)s“ wurde angelegt.") % {"name": indicator.name})
        return redirect(indicator.get_absolute_url())
    return render(request, "statistics/indicator_form.html", {"form": form, "indicator": None})


@permission_required("statistics.change_indicator", obj=lambda request, key: get_object_or_404(Indicator, key=key))
def indicator_edit(request, key):
    indicator = get_object_or_404(Indicator, key=key)
    estimate = NonTakeUpEstimate.objects.filter(indicator=indicator).first()
    form = IndicatorForm(request.POST or None, instance=indicator)
    estimate_form = NonTakeUpEstimateForm(request.POST or None, instance=estimate, prefix="dunkelziffer")
    if request.method == "POST" and form.is_valid() and estimate_form.is_valid():
        save_indicator(indicator=indicator, by=request.user, estimate=estimate_form.cleaned_data,
                       **form.cleaned_data)
        messages.success(request, _("Der Indikator „%(name)s“ wurde gespeichert.") % {"name": form.instance.name})
        return redirect(reverse("statistics:indicator_detail", kwargs={"key": form.instance.key}))
    return render(request, "statistics/indicator_form.html",
                  {"form": form, "estimate_form": estimate_form, "indicator": indicator})
