"""Small server-made SVG charts; every chart has its numbers as a table beside it on the page."""

from django.utils.html import escape

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


def time_series_svg(*, indicator, title, series, city_series=None, uid="verlauf", markers=(), area_label="Gebiet"):
    """Lines for an area (solid, round markers) and the city (dashed, square markers).

    `series` and `city_series` are [(year, value or None)]; None (missing or suppressed) leaves a gap.
    `markers` are (year, label) pairs drawn as dotted vertical lines, e.g. a measure's start.
    """
    city_series = city_series or []
    points = [(y, v) for y, v in series if v is not None]
    city_points = [(y, v) for y, v in city_series if v is not None]
    years = sorted({y for y, _ in series} | {y for y, _ in city_series})
    if not years:
        return ""
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

    uid = escape(uid)
    summary = "; ".join(f"{y}: {format_with_unit(indicator, v)}" for y, v in points) or "keine ausgewiesenen Werte"
    marker_texts = [f"{label} {year}" for year, label in markers]
    if marker_texts:
        summary += ". " + "; ".join(marker_texts)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="time-series" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" aria-labelledby="{uid}-t {uid}-d" font-family="DejaVu Sans, Arial, '
        f'sans-serif" font-size="10">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(summary)}</desc>',
        '<g stroke="#d4d4da" stroke-width="1">',
    ]
    for step in range(5):
        value = top * step / 4
        y = y_of(value)
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
    out.append("</g><g fill=\"#575760\" text-anchor=\"end\">")
    for step in range(5):
        value = top * step / 4
        out.append(f'<text x="{LEFT - 4}" y="{y_of(value) + 3:.1f}">{format_number(value, 0 if top >= 8 else 1)}'
                   f"</text>")
    out.append('</g><g fill="#575760" text-anchor="middle">')
    for year in years:
        out.append(f'<text x="{x_of(year):.1f}" y="{HEIGHT - BOTTOM + 14}">{year}</text>')
    out.append("</g>")
    for year, label in markers:
        x = x_between(year)
        if x is None:
            continue
        # The label sits on the side of the line with room for it.
        right_side = x < WIDTH / 2
        out.append(f'<g class="time-series__marker"><line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{TOP + plot_h}" '
                   f'stroke="#1d1d1f" stroke-width="1" stroke-dasharray="2 2"/>'
                   f'<text x="{x + 3 if right_side else x - 3:.1f}" y="{TOP + 8}" fill="#1d1d1f" '
                   f'text-anchor="{"start" if right_side else "end"}">{escape(label)}</text></g>')
    for line, colour, dash, marker in ((city_series, CITY_COLOUR, ' stroke-dasharray="5 3"', "square"),
                                       (series, AREA_COLOUR, "", "circle")):
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
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{path}"/>')
            for x, y in segment:
                if marker == "circle":
                    out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
                else:
                    out.append(f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/>')
    legend_y = HEIGHT - 8
    out.append(f'<g><circle cx="{LEFT}" cy="{legend_y - 3}" r="3" fill="{AREA_COLOUR}"/>'
               f'<text x="{LEFT + 8}" y="{legend_y}">{escape(area_label)}</text>')
    if city_points:
        city_x = LEFT + max(60, 16 + 6 * len(area_label))
        out.append(f'<rect x="{city_x}" y="{legend_y - 6}" width="6" height="6" fill="{CITY_COLOUR}"/>'
                   f'<text x="{city_x + 10}" y="{legend_y}">Gesamtstadt (gestrichelt)</text>')
    out.append("</g></svg>")
    return "".join(out)
