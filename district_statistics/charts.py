"""Small server-made SVG charts; every chart has its numbers as a table beside it on the page.

`time_series` works out the picture as plain data (coordinates as text, axis labels through
`format_number`); the template `statistics/svg/time_series.svg` writes the markup, escaped.
The marks that carry nothing but our own numbers and colours (grid, axis labels, lines and
their dots: about 60 elements a chart, twelve charts on an area profile) are written here in
one piece each, where a template node per dot cost most of the page; every text from outside
(title, description, marker labels, legend) still goes through the template.
"""

from html import escape

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from district_statistics.numbers import format_number, format_with_unit

WIDTH = 360
HEIGHT = 170
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 14, 40
AREA_COLOUR = "#8a0d14"
CITY_COLOUR = "#575760"


def _nice_ceiling(number):
    if number <= 0:
        return 1
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000):
        if number <= step * 4:
            return step * 4
    return number * 1.1


def _c(number):
    # Coordinates are machine numbers: written here, so no template localisation turns 12.5 into "12,5".
    return f"{number:.1f}"


def time_series(*, indicator, title, series, city_series=None, uid="verlauf", markers=(), area_label="Gebiet"):
    """What `time_series_svg` draws, as plain data; None when there is no year to draw."""
    city_series = city_series or []
    points = [(y, v) for y, v in series if v is not None]
    city_points = [(y, v) for y, v in city_series if v is not None]
    years = sorted({y for y, _ in series} | {y for y, _ in city_series})
    if not years:
        return None
    # A marker after the latest statistics still gets its place on the axis.
    years = sorted(set(years) | {year for year, _ in markers if year > years[-1]})
    top = _nice_ceiling(float(max([v for _, v in points + city_points], default=1)))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(year):
        if len(years) == 1:
            return LEFT + plot_w / 2
        return LEFT + (years.index(year)) * plot_w / (len(years) - 1)

    def y_of(value):
        return TOP + plot_h - float(value) / top * plot_h

    def x_between(year):
        # A marker may fall in a year without values: place it between its neighbours.
        if year in years:
            return x_of(year)
        if len(years) < 2 or not years[0] < year < years[-1]:
            return None
        after = next(y for y in years if y > year)
        before = years[years.index(after) - 1]
        return x_of(before) + (x_of(after) - x_of(before)) * (year - before) / (after - before)

    summary = "; ".join(f"{y}: {format_with_unit(indicator, v)}" for y, v in points) or "keine ausgewiesenen Werte"
    marker_texts = [f"{label} {year}" for year, label in markers]
    if marker_texts:
        summary += ". " + "; ".join(marker_texts)

    steps = [top * step / 4 for step in range(5)]
    marker_lines = []
    for year, label in markers:
        x = x_between(year)
        if x is None:
            continue
        # The label sits on the side of the line with room for it.
        right_side = x < WIDTH / 2
        marker_lines.append({"x": _c(x), "label": label, "label_x": _c(x + 3 if right_side else x - 3),
                             "anchor": "start" if right_side else "end"})
    lines = []
    for line, colour, dashed, marker in ((city_series, CITY_COLOUR, True, "square"),
                                         (series, AREA_COLOUR, False, "circle")):
        segments, current = [], []
        for year, value in line:
            if value is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append((x_of(year), y_of(value)))
        if current:
            segments.append(current)
        for segment in segments:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
            dash = ' stroke-dasharray="5 3"' if dashed else ""
            lines.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{points}"/>')
            if marker == "circle":
                lines += [f'<circle cx="{_c(x)}" cy="{_c(y)}" r="3" fill="{colour}"/>' for x, y in segment]
            else:
                lines += [f'<rect x="{_c(x - 3)}" y="{_c(y - 3)}" width="6" height="6" fill="{colour}"/>'
                          for x, y in segment]
    legend_y = HEIGHT - 8
    city_x = LEFT + max(60, 16 + 6 * len(area_label))
    # Numbers and our own colours only (see the module's docstring); the labels are escaped all the same.
    grid = "".join(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_c(y_of(value))}" y2="{_c(y_of(value))}"/>'
                   for value in steps)
    y_labels = "".join(f'<text x="{LEFT - 4}" y="{_c(y_of(value) + 3)}">'
                       f"{escape(format_number(value, 0 if top >= 8 else 1))}</text>" for value in steps)
    x_labels = "".join(f'<text x="{_c(x_of(year))}" y="{HEIGHT - BOTTOM + 14}">{int(year)}</text>' for year in years)
    return {
        "uid": uid, "width": str(WIDTH), "height": str(HEIGHT), "title": title, "desc": summary,
        "grid": mark_safe(grid), "y_labels": mark_safe(y_labels), "x_labels": mark_safe(x_labels),
        "markers": marker_lines, "marker_top": str(TOP), "marker_bottom": str(TOP + plot_h),
        "marker_label_y": str(TOP + 8),
        "lines": mark_safe("".join(lines)),
        "legend": {
            "area_x": str(LEFT), "area_label_x": str(LEFT + 8), "dot_y": str(legend_y - 3), "y": str(legend_y),
            "area_label": area_label, "area_colour": AREA_COLOUR,
            "city": {"x": str(city_x), "label_x": str(city_x + 10), "rect_y": str(legend_y - 6),
                     "colour": CITY_COLOUR} if city_points else None,
        },
    }


def time_series_svg(*, indicator, title, series, city_series=None, uid="verlauf", markers=(), area_label="Gebiet"):
    """Lines for an area (solid, round markers) and the city (dashed, square markers).

    `series` and `city_series` are [(year, value or None)]; None (missing or suppressed) leaves a gap.
    `markers` are (year, label) pairs drawn as dotted vertical lines, e.g. a measure's start.
    """
    data = time_series(indicator=indicator, title=title, series=series, city_series=city_series, uid=uid,
                       markers=markers, area_label=area_label)
    if data is None:
        return ""
    return render_to_string("statistics/svg/time_series.svg", {"chart": data})
