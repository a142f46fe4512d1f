"""Choropleth maps as self-contained inline SVG, for the web pages and the PDF report alike.

Colours are ColorBrewer's YlOrBr sequential scheme: safe for colour-blind readers and, since
lightness falls step by step, still readable in black and white. Each area also carries its
class number, so the map can be read without telling colours apart at all.
"""

from django.utils.html import escape
from django.utils.translation import gettext as _

from district_statistics.geo import WIDTH as WIDTH_MAP
from district_statistics.geo import geometry
from district_statistics.numbers import EXAMPLE_DATA_LABEL, GEODATA_ATTRIBUTION, suppressed_text
from district_statistics.selectors import LEVEL_LABELS, ranking

PALETTE = ["#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404"]
DARK_FROM = 3  # palette index from which labels are drawn in white
LEGEND_X = 615
LEGEND_WIDTH = 255
MISSING_FILL = "#ffffff"


def class_colour(number, class_count):
    index = _palette_index(number, class_count)
    return PALETTE[index]


def _palette_index(number, class_count):
    if class_count <= 1:
        return len(PALETTE) // 2
    return round((number - 1) * (len(PALETTE) - 1) / (class_count - 1))


def _text_colour(number, class_count):
    return "#ffffff" if _palette_index(number, class_count) >= DARK_FROM else "#1d1d1f"


def map_summary(indicator, year, level, rows):
    visible = [row for row in rows if row.value is not None]
    parts = [f"Karte der {len(rows)} {LEVEL_LABELS[level]} Hannovers: {indicator.name}, {year}."]
    if visible:
        first, last = visible[0], visible[-1]
        parts.append(f"Höchste Belastung: {first.area.name} ({first.text}); "
                     f"geringste: {last.area.name} ({last.text}).")
    city = getattr(rows, "city", None)
    if city is not None and city.value is not None:
        parts.append(f"Gesamtstadt: {city.text}.")
    suppressed = sum(1 for row in rows if row.suppressed)
    if suppressed:
        parts.append(f"{suppressed} Werte wegen kleiner Fallzahlen nicht ausgewiesen ({suppressed_text(indicator)}).")
    missing = sum(1 for row in rows if row.value is None and not row.suppressed)
    if missing:
        parts.append(f"{missing} Gebiete ohne Angabe.")
    if indicator.is_example_data:
        parts.append("Beispieldaten, keine amtliche Statistik.")
    parts.append("Die Werte stehen auch in der Tabelle.")
    return " ".join(parts)


def choropleth_svg(*, indicator, year, level="stadtteil", values=None, summary=None, legend_head=None,
                   legend=True):
    """An inline <svg> map of one indicator and year; `values` are rows from `selectors.ranking`.

    Other apps map their own shares with it (duck-typed `indicator`); `summary` then replaces the
    poverty wording of the description and `legend_head` the two lines above the legend classes.
    `legend=False` leaves the legend out of the picture (and its width out of the viewBox): web pages
    show `legend_entries` as text beside or below the map, readable on a phone at any zoom."""
    rows = values if values is not None else ranking(indicator=indicator, year=year, level=level)
    classes = getattr(rows, "classes", None) or []
    class_count = len(classes) or max((row.klass or 0 for row in rows), default=0)
    shapes = geometry(level).shapes
    map_height = geometry(level).height
    uid = escape(f"karte-{indicator.key}-{year}-{level}")
    hatch_id = f"{uid}-geschuetzt"

    out = []
    legend_lines = 8 + class_count
    height = (max(map_height, 40 + legend_lines * 24) if legend else map_height) + 28
    width = LEGEND_X + LEGEND_WIDTH if legend else LEGEND_X
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="choropleth" role="img" '
        f'viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-family="DejaVu Sans, Arial, sans-serif">'
    )
    out.append(f'<title id="{uid}-title">{escape(indicator.name)} {year} – {LEVEL_LABELS[level]}</title>')
    out.append(f'<desc id="{uid}-desc">{escape(summary or map_summary(indicator, year, level, rows))}</desc>')
    out.append(
        f'<defs><pattern id="{hatch_id}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#6b6b75" stroke-width="2"/></pattern></defs>'
    )
    out.append('<g class="choropleth__areas" stroke="#4a4a52" stroke-width="0.6" stroke-linejoin="round">')
    labels = []
    for row in rows:
        shape = shapes.get(row.area.number)
        if shape is None:
            continue
        if row.klass:
            fill = class_colour(row.klass, class_count)
            css = f"klasse-{row.klass}"
        elif row.suppressed:
            fill = f"url(#{hatch_id})"
            css = "geschuetzt"
        else:
            fill = MISSING_FILL
            css = "ohne-wert"
        name = escape(f"{row.area.name}: {row.text}")
        out.append(f'<path class="choropleth__area {css}" data-area="{escape(row.area.key)}" '
                   f'fill="{fill}" d="{shape.path}"><title>{name}</title></path>')
        if row.klass:
            x, y = shape.centroid
            labels.append(f'<text x="{x:.1f}" y="{y + 3:.1f}" fill="{_text_colour(row.klass, class_count)}">'
                          f'{row.klass}</text>')
    out.append("</g>")
    if level == "stadtteil":
        # District borders drawn over the quarters help readers find their way.
        out.append('<g class="choropleth__districts" fill="none" stroke="#1d1d1f" stroke-width="1.6" '
                   'aria-hidden="true">')
        for shape in geometry("bezirk").shapes.values():
            out.append(f'<path d="{shape.path}"/>')
        out.append("</g>")
    out.append('<g class="choropleth__class-numbers" font-size="9" text-anchor="middle" aria-hidden="true">')
    out.extend(labels)
    out.append("</g>")
    if legend:
        out.append(_legend(indicator, year, rows, classes, class_count, hatch_id, legend_head))
    out.append(f'<text x="6" y="{height - 8:.0f}" font-size="11" fill="#575760">{escape(GEODATA_ATTRIBUTION)}</text>')
    if indicator.is_example_data:
        out.append(f'<text x="6" y="18" font-size="14" font-weight="bold" fill="#4d3800">{EXAMPLE_DATA_LABEL}</text>')
    out.append("</svg>")
    return "".join(out)


def legend_entries(*, indicator, rows):
    """The map's legend as data for an HTML list: the same classes, colours and notes as `_legend`."""
    classes = getattr(rows, "classes", None) or []
    class_count = len(classes) or max((row.klass or 0 for row in rows), default=0)
    entries = [
        {"number": map_class.number, "label": map_class.label,
         "swatch": f"swatch--p{_palette_index(map_class.number, class_count)}"}
        for map_class in sorted(classes, key=lambda c: c.number, reverse=True)
    ]
    city = getattr(rows, "city", None)
    return {
        "top": max(class_count, 1),
        "direction": _("höchste Werte") if indicator.higher_is_worse else _("niedrigste Werte"),
        "classes": entries,
        "suppressed": suppressed_text(indicator) if any(row.suppressed for row in rows) else None,
        "missing": any(row.value is None and not row.suppressed for row in rows),
        "city_text": city.text if city is not None else None,
    }


def _legend(indicator, year, rows, classes, class_count, hatch_id, legend_head=None):
    x = LEGEND_X
    y = 24
    parts = [f'<g class="choropleth__legend" font-size="12" fill="#1d1d1f" transform="translate({x} 0)">']
    parts.append(f'<text x="0" y="{y}" font-weight="bold">Legende {year}</text>')
    y += 18
    direction = "höchste Werte" if indicator.higher_is_worse else "niedrigste Werte"
    top = max(class_count, 1)
    first, second = legend_head or (f"{direction},", _("größte Armutsbelastung"))
    parts.append(f'<text x="0" y="{y}" font-size="10.5" fill="#575760">Klasse {top}: {escape(first)}</text>')
    y += 13
    parts.append(f'<text x="0" y="{y}" font-size="10.5" fill="#575760">{escape(second)}</text>')
    y += 8
    for map_class in sorted(classes, key=lambda c: c.number, reverse=True):
        y += 22
        colour = class_colour(map_class.number, class_count)
        parts.append(
            f'<g class="choropleth__legend-class klasse-{map_class.number}">'
            f'<rect x="0" y="{y - 14}" width="26" height="18" fill="{colour}" stroke="#4a4a52" stroke-width="0.6"/>'
            f'<text x="13" y="{y - 1}" text-anchor="middle" font-size="10" '
            f'fill="{_text_colour(map_class.number, class_count)}">{map_class.number}</text>'
            f'<text x="34" y="{y}">{escape(map_class.label)}</text></g>'
        )
    if any(row.suppressed for row in rows):
        y += 22
        parts.append(
            f'<g class="choropleth__legend-class geschuetzt"><rect x="0" y="{y - 14}" width="26" height="18" '
            f'fill="url(#{hatch_id})" stroke="#4a4a52" stroke-width="0.6"/>'
            f'<text x="34" y="{y}">{escape(suppressed_text(indicator))} (nicht ausgewiesen)</text></g>'
        )
    if any(row.value is None and not row.suppressed for row in rows):
        y += 22
        parts.append(
            f'<g class="choropleth__legend-class ohne-wert"><rect x="0" y="{y - 14}" width="26" height="18" '
            f'fill="{MISSING_FILL}" stroke="#4a4a52" stroke-width="0.6"/><text x="34" y="{y}">keine Angabe</text></g>'
        )
    city = getattr(rows, "city", None)
    if city is not None:
        y += 30
        parts.append(f'<text x="0" y="{y}" font-weight="bold">Gesamtstadt: {escape(city.text)}</text>')
    parts.append("</g>")
    return "".join(parts)


def locator_svg(area):
    """A small map that shows where an area lies in the city (its shape dark, the rest light)."""
    if area.kind not in ("stadtteil", "bezirk"):
        return ""
    level = area.kind
    shapes = geometry(level).shapes
    if area.number not in shapes:
        return ""
    uid = escape(f"lage-{area.key}")
    height = geometry(level).height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="locator" role="img" viewBox="0 0 {WIDTH_MAP} {height:.0f}" '
        f'width="240" aria-labelledby="{uid}-title">',
        f'<title id="{uid}-title">Lage von {escape(area.name)} in Hannover</title>',
        '<g stroke="#8a8a94" stroke-width="0.8">',
    ]
    for number, shape in shapes.items():
        fill = "#8a0d14" if number == area.number else "#ececf0"
        out.append(f'<path fill="{fill}" d="{shape.path}"/>')
    out.append("</g></svg>")
    return "".join(out)
