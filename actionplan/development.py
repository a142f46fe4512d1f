"""Development around a measure: its indicators in its areas and the city, before and since its start.

This shows what happened around a measure, never proof of its effect: many things move a
poverty rate. Values go through the statistics app's `present_value`, so small numbers are
hidden exactly as on the statistics pages.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import Area
from district_statistics.charts import time_series_svg
from district_statistics.models import NonTakeUpEstimate, Value
from district_statistics.numbers import PresentedValue, dark_figure_range, present_value
from district_statistics.selectors import published_indicators

MAX_AREAS = 4


class DevelopmentRow(NamedTuple):
    year: int
    own: PresentedValue
    city: PresentedValue
    # The area's counted value with those who do not claim, as the statistics pages estimate it;
    # None without an estimate, without a value, or where the value is hidden for small numbers.
    estimate: object = None


@dataclass
class DevelopmentChart:
    indicator: object
    area: Area
    start_year: int | None
    years: list
    rows: list = field(default_factory=list)  # [DevelopmentRow]
    svg: str = ""
    estimate: object = None
    more_areas: int = 0


def _series(indicator, values_by_year, years):
    return {year: (present_value(indicator, value=v.value, numerator=v.numerator, denominator=v.denominator)
                   if (v := values_by_year.get(year)) else present_value(indicator, value=None))
            for year in years}


def measure_development(user, measure):
    """One chart per linked indicator and area (at most MAX_AREAS), with the city beside it."""
    visible = set(published_indicators(user).values_list("pk", flat=True))
    indicators = [link.indicator for link in measure.indicator_links.all() if link.indicator_id in visible]
    if not indicators:
        return []
    city = Area.objects.filter(kind=Area.Kind.CITY).first()
    areas = [] if measure.citywide and not measure.areas.all() else list(measure.areas.all())[:MAX_AREAS]
    more = max(0, len(measure.areas.all()) - MAX_AREAS)
    targets = areas or [city]
    area_ids = {a.pk for a in targets} | {city.pk}
    values = {}
    for value in Value.objects.filter(indicator__in=indicators, area_id__in=area_ids):
        values.setdefault((value.indicator_id, value.area_id), {})[value.year] = value
    estimates = {e.indicator_id: e for e in NonTakeUpEstimate.objects.filter(indicator__in=indicators)}
    start_year = measure.start_date.year if measure.start_date else None
    before = settings.DEVELOPMENT_YEARS_BEFORE
    charts = []
    for indicator in indicators:
        own_years = {y for area in targets for y in values.get((indicator.pk, area.pk), {})}
        if not own_years:
            continue
        first = (start_year - before) if start_year else max(own_years) - 2 * before
        years = sorted(y for y in own_years | set(values.get((indicator.pk, city.pk), {})) if y >= first)
        if start_year and start_year > years[-1]:
            # The start lies after the latest statistics: the axis reaches it so the start is still marked.
            years.append(start_year)
        city_series = _series(indicator, values.get((indicator.pk, city.pk), {}), years)
        for position, area in enumerate(targets):
            own = _series(indicator, values.get((indicator.pk, area.pk), {}), years)
            estimate = estimates.get(indicator.pk) if indicator.counts_benefit_recipients else None
            chart = DevelopmentChart(indicator, area, start_year, years, more_areas=more, estimate=estimate)
            chart.rows = [DevelopmentRow(year, own[year], city_series[year],
                                         dark_figure_range(indicator, estimate, own[year].value) if estimate else None)
                          for year in years]
            is_city = area.pk == city.pk
            chart.svg = time_series_svg(
                indicator=indicator, title=_("%(name)s in %(name2)s: Entwicklung rund um die Maßnahme")
                    % {"name": indicator.name, "name2": area.name},
                series=[(y, own[y].value) for y in years],
                city_series=[] if is_city else [(y, city_series[y].value) for y in years],
                uid=f"entwicklung-{indicator.key}-{position}",
                markers=[(start_year, _("Beginn"))] if start_year else (), area_label=area.name,
            )
            charts.append(chart)
    return charts


def area_time_series_markers(request, area):
    """The start of each visible measure naming an area, to mark on the area profile's time series."""
    from actionplan.selectors import measures_for_area

    by_year = {}
    for reference, start in measures_for_area(request.user, area).filter(start_date__isnull=False).values_list(
            "reference", "start_date"):
        by_year.setdefault(start.year, []).append(reference)
    return [(year, _("Beginn %(refs)s") % {"refs": refs[0]} if len(refs) == 1
             else ngettext("Beginn von %(count)s Maßnahme", "Beginn von %(count)s Maßnahmen", len(refs))
             % {"count": len(refs)})
            for year, refs in by_year.items()]
