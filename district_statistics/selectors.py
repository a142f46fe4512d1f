"""Reads for the statistics pages, the map, the exports and the report.

`ranking` is the one place that decides which number an area shows for a year: the web map,
the ranking table, the PDF report and the exports all take their rows from here, so they agree.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from core.models import Area, User
from district_statistics.models import Indicator, NonTakeUpEstimate, Value
from district_statistics.numbers import (
    change_text,
    dark_figure_range,
    format_number,
    format_with_unit,
    present_value,
)

LEVEL_LABELS = dict(Area.Kind.subdivision_choices())
CLASS_COUNT = 5
COMPLETE_SHARE = Decimal("0.5")  # share of a level's areas with values that makes a year the default


@dataclass(frozen=True)
class MapClass:
    number: int  # 1 = least need … CLASS_COUNT = most need
    lower: Decimal
    upper: Decimal
    label: str


@dataclass
class RankingRow:
    area: Area
    value: Decimal | None  # None when missing or suppressed
    text: str  # what every page shows, after suppression
    suppressed: bool
    klass: int | None
    rank: int | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reference_value: Decimal | None = None
    reference_text: str = ""
    change: Decimal | None = None
    change_text: str = ""


class Ranking(list):
    """The rows of one indicator, year and level, most need first, plus what a map legend needs."""

    def __init__(self, rows=(), *, indicator, year, level="stadtteil", reference_year=None):
        super().__init__(rows)
        self.indicator = indicator
        self.year = year
        self.level = level
        self.reference_year = reference_year
        self.classes = []
        self.city = None

    @property
    def suppressed_count(self):
        return sum(1 for row in self if row.suppressed)



def _rounded(indicator: Indicator, number: Decimal) -> Decimal:
    return Decimal(number).quantize(Decimal(1).scaleb(-indicator.decimals), rounding=ROUND_HALF_UP)


def classify(indicator: Indicator, values: Iterable[Decimal], count: int = CLASS_COUNT) -> list[MapClass]:
    """Quantile classes over the visible values, with breaks rounded to the shown precision."""
    values = sorted(_rounded(indicator, v) for v in values if v is not None)
    if not values:
        return []
    breaks = [values[0]]
    for i in range(1, count):
        candidate = values[min(len(values) - 1, (len(values) * i) // count)]
        if candidate > breaks[-1]:
            breaks.append(candidate)
    if values[-1] > breaks[-1] or len(breaks) == 1:
        breaks.append(values[-1])
    classes = []
    intervals = list(zip(breaks, breaks[1:], strict=False))
    for index, (lower, upper) in enumerate(intervals):
        last = index == len(intervals) - 1
        unit = format_with_unit(indicator, upper)
        words = _("%(lower)s bis %(upper)s") if last else _("%(lower)s bis unter %(upper)s")
        label = words % {"lower": format_number(lower, indicator.decimals), "upper": unit}
        classes.append((lower, upper, label))
    # Class numbers run from least to most need, whichever direction the indicator points.
    ordered = classes if indicator.higher_is_worse else list(reversed(classes))
    return [MapClass(number=i, lower=lower, upper=upper, label=label)
            for i, (lower, upper, label) in enumerate(ordered, start=1)]


def class_of(indicator: Indicator, classes: list[MapClass], value: Decimal | None) -> int | None:
    if value is None or not classes:
        return None
    value = _rounded(indicator, value)
    for map_class in classes:
        is_top = map_class.upper == max(c.upper for c in classes)
        if map_class.lower <= value < map_class.upper or (is_top and value == map_class.upper):
            return map_class.number
    return None


def _row(indicator: Indicator, area: Area, value_row: dict | None, reference_row: dict | None = None) -> RankingRow:
    if value_row is None:
        presented = present_value(indicator, value=None)
        numerator = denominator = None
    else:
        presented = present_value(indicator, value=value_row.value, numerator=value_row.numerator,
                                  denominator=value_row.denominator)
        numerator, denominator = presented.numerator, presented.denominator
    row = RankingRow(area=area, value=presented.value, text=presented.text, suppressed=presented.suppressed,
                     klass=None, numerator=numerator, denominator=denominator)
    if reference_row is not None:
        reference = present_value(indicator, value=reference_row.value, numerator=reference_row.numerator)
        row.reference_value = reference.value
        row.reference_text = reference.text
        if reference.value is not None and row.value is not None:
            row.change = _rounded(indicator, row.value) - _rounded(indicator, reference.value)
            row.change_text = change_text(indicator, row.change)
    return row


def ranking(*, indicator: Indicator, year: int, level: str = "stadtteil", reference_year: int | None = None) -> Ranking:
    """Every area of a level for one year, most need first, with the text and map class it shows."""
    if level not in Area.Kind.subdivisions():
        raise ValueError(f"unknown level {level!r}")
    years = {year} | ({reference_year} if reference_year else set())
    areas = list(Area.objects.filter(kind__in=[level, Area.Kind.CITY]).order_by("number"))
    by_area_year = {
        (v.area_id, v.year): v
        for v in Value.objects.filter(indicator=indicator, year__in=years, area__in=areas)
        .values_list("area_id", "year", "value", "numerator", "denominator", named=True)
    }
    result = Ranking(indicator=indicator, year=year, level=level, reference_year=reference_year)
    for area in areas:
        row = _row(indicator, area, by_area_year.get((area.pk, year)),
                   by_area_year.get((area.pk, reference_year)) if reference_year else None)
        if area.kind == Area.Kind.CITY:
            result.city = row
        else:
            result.append(row)
    result.classes = classify(indicator, [row.value for row in result])
    for row in result:
        row.klass = class_of(indicator, result.classes, row.value)
    direction = -1 if indicator.higher_is_worse else 1
    ranked = sorted((row for row in result if row.value is not None),
                    key=lambda row: (direction * row.value, row.area.name))
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    unranked = sorted((row for row in result if row.value is None), key=lambda row: row.area.name)
    result[:] = ranked + unranked
    return result


def published_indicators(user: User | AnonymousUser | None = None) -> QuerySet[Indicator]:
    queryset = Indicator.objects.all()
    if user is None or not user.has_perm("statistics.view_unpublished_indicators"):
        queryset = queryset.filter(is_published=True)
    return queryset


def indicator_years(indicator: Indicator) -> list[int]:
    # Ordered by year alone: with Value's default ordering DISTINCT would act on
    # (year, indicator, area) and repeat each year once per area.
    return list(Value.objects.filter(indicator=indicator).order_by("year").values_list("year", flat=True).distinct())


def default_years(*, indicators: Iterable[Indicator], level: str = "stadtteil") -> dict[int, int]:
    """{indicator id: the year a map or ranking opens on} for the areas of a level.

    That is the latest year with values for at least half the areas (COMPLETE_SHARE), so a file
    with a handful of next year's values does not replace a complete year on the pages, the
    action plan or the report; the sparse year stays selectable. An indicator that has no such
    year falls back to its latest year. One query for any number of indicators.
    """
    if level not in Area.Kind.subdivisions():
        raise ValueError(f"unknown level {level!r}")
    indicators = list(indicators)
    area_count = Area.objects.filter(kind=level).count()
    counts = (
        Value.objects.filter(indicator__in=indicators).order_by()
        .values("indicator_id", "year")
        .annotate(level_count=Count("id", filter=Q(area__kind=level)))
        .values_list("indicator_id", "year", "level_count")
    )
    latest, complete = {}, {}
    for indicator_id, year, level_count in counts:
        latest[indicator_id] = max(latest.get(indicator_id, year), year)
        if area_count and level_count >= area_count * COMPLETE_SHARE:
            complete[indicator_id] = max(complete.get(indicator_id, year), year)
    return {indicator_id: complete.get(indicator_id, year) for indicator_id, year in latest.items()}


def default_year(*, indicator: Indicator, level: str = "stadtteil") -> int | None:
    """The year an indicator's map and ranking open on (see `default_years`), or None without values."""
    return default_years(indicators=[indicator], level=level).get(indicator.pk)


def non_take_up(indicator: Indicator) -> NonTakeUpEstimate | None:
    if not indicator.counts_benefit_recipients:
        return None
    return NonTakeUpEstimate.objects.filter(indicator=indicator).first()


@dataclass
class AreaIndicatorRow:
    indicator: Indicator
    year: int | None
    text: str
    suppressed: bool
    value: Decimal | None
    city_text: str
    city_value: Decimal | None
    comparison: str
    series: list  # [(year, value or None, text)]
    city_series: list  # [(year, value or None)]
    counted_persons: Decimal | None = None
    dark_figure: object = None
    dark_figure_persons: object = None

    @property
    def chart_series(self):
        return [(year, value) for year, value, _ in self.series]


def area_profile(*, area: Area, indicators: Iterable[Indicator]) -> list[AreaIndicatorRow]:
    """Latest value, city comparison, time series and Dunkelziffer range of each indicator for one area.

    Two queries whatever the number of indicators: values of the area and the city, and estimates.
    """
    indicators = list(indicators)
    city = Area.objects.filter(kind=Area.Kind.CITY).first()
    area_ids = [area.pk] + ([city.pk] if city and city.pk != area.pk else [])
    # Rows of plain values: 360 model instances cost more than everything else the profile works out.
    values = Value.objects.filter(indicator__in=indicators, area_id__in=area_ids).order_by("year").values_list(
        "indicator_id", "area_id", "year", "value", "numerator", "denominator", named=True)
    estimates = {e.indicator_id: e for e in NonTakeUpEstimate.objects.filter(indicator__in=indicators)}
    series = {}
    for value in values:
        series.setdefault((value.indicator_id, value.area_id), []).append(value)
    rows = []
    for indicator in indicators:
        own = series.get((indicator.pk, area.pk), [])
        city_values = {v.year: v for v in series.get((indicator.pk, city.pk), [])} if city else {}
        points = []
        for v in own:
            presented = present_value(indicator, value=v.value, numerator=v.numerator)
            points.append((v.year, presented.value, presented.text))
        latest = own[-1] if own else None
        presented = (present_value(indicator, value=latest.value, numerator=latest.numerator,
                                   denominator=latest.denominator)
                     if latest else present_value(indicator, value=None))
        city_row = city_values.get(latest.year) if latest else None
        city_presented = (present_value(indicator, value=city_row.value, numerator=city_row.numerator)
                          if city_row else present_value(indicator, value=None))
        comparison = ""
        # Head counts of an area and of the whole city are not comparable; rates are.
        comparable = indicator.unit != Indicator.Unit.PERSONS
        if comparable and presented.value is not None and city_presented.value is not None and area.pk != city.pk:
            difference = _rounded(indicator, presented.value) - _rounded(indicator, city_presented.value)
            gap = change_text(indicator, abs(difference)).lstrip("+")
            if difference == 0:
                comparison = _("gleich der Gesamtstadt")
            elif difference > 0:
                comparison = _("%(difference)s über der Gesamtstadt") % {"difference": gap}
            else:
                comparison = _("%(difference)s unter der Gesamtstadt") % {"difference": gap}
        estimate = estimates.get(indicator.pk) if indicator.counts_benefit_recipients else None
        city_points = []
        for year in sorted(city_values):
            shown = present_value(indicator, value=city_values[year].value, numerator=city_values[year].numerator)
            city_points.append((year, shown.value))
        persons = presented.numerator if presented.value is not None else None
        rows.append(AreaIndicatorRow(
            indicator=indicator, year=latest.year if latest else None, text=presented.text,
            suppressed=presented.suppressed, value=presented.value, city_text=city_presented.text,
            city_value=city_presented.value, comparison=comparison, series=points,
            city_series=city_points if area.pk != city.pk and comparable else [], counted_persons=persons,
            dark_figure=dark_figure_range(indicator, estimate, presented.value) if estimate else None,
            dark_figure_persons=(dark_figure_range(indicator, estimate, persons, persons=True)
                                 if estimate and persons is not None else None),
        ))
    return rows



def children_comparison(*, area: Area, children: list[Area], indicators: Iterable[Indicator]) -> tuple[list, list]:
    """The latest value of each indicator for each Stadtteil of a Bezirk, in one query.

    Returns (columns, rows): columns are (indicator, year); rows are (child, [text per column]).
    """
    indicators = list(indicators)
    if not children or not indicators:
        return [], []
    values = {}
    per_year = {}
    for value in Value.objects.filter(indicator__in=indicators, area__in=children).only(
        "indicator_id", "area_id", "year", "value", "numerator"
    ):
        values[(value.indicator_id, value.area_id, value.year)] = value
        per_year.setdefault(value.indicator_id, {}).setdefault(value.year, 0)
        per_year[value.indicator_id][value.year] += 1
    latest = {}
    for indicator_id, counts in per_year.items():
        # As on the map: a year only a few Stadtteile have yet does not replace a complete one.
        complete = [year for year, count in counts.items() if count >= len(children) * COMPLETE_SHARE]
        latest[indicator_id] = max(complete or counts)
    columns = [(indicator, latest[indicator.pk]) for indicator in indicators if indicator.pk in latest]
    rows = []
    for child in children:
        texts = []
        for indicator, year in columns:
            value = values.get((indicator.pk, child.pk, year))
            shown = present_value(indicator, value=value.value if value else None,
                                  numerator=value.numerator if value else None)
            texts.append(shown.text)
        rows.append((child, texts))
    return columns, rows
