"""Choropleth maps as self-contained inline SVG, for the web pages and the PDF report alike.

Colours are ColorBrewer's YlOrBr sequential scheme: safe for colour-blind readers and, since
lightness falls step by step, still readable in black and white. Each area also carries its
class number, so the map can be read without telling colours apart at all.

Python works out what is drawn where (shapes, classes, colours, coordinates as text); the
templates under `statistics/svg/` write the markup with Django's autoescaping. The renderers
take prepared rows (`selectors.ranking`) and never query the database.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from district_statistics.geo import geometry
from district_statistics.numbers import EXAMPLE_DATA_LABEL, GEODATA_ATTRIBUTION, suppressed_text
from district_statistics.selectors import LEVEL_LABELS

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


def _coordinate(number):
    # Coordinates are machine numbers: written here, so no template localisation turns 12.5 into "12,5".
    return f"{number:.1f}" if isinstance(number, float) else str(number)


def map_summary(indicator, year, level, rows):
    visible = [row for row in rows if row.value is not None]
    parts = [_("Karte der %(count)s %(level)s Hannovers: %(indicator)s, %(year)s.") % {
        "count": len(rows), "level": LEVEL_LABELS[level], "indicator": indicator.name, "year": year}]
    if visible:
        first, last = visible[0], visible[-1]
        parts.append(_("Höchste Belastung: %(highest)s (%(highest_value)s); geringste: %(lowest)s "
                       "(%(lowest_value)s).") % {"highest": first.area.name, "highest_value": first.text,
                                                "lowest": last.area.name, "lowest_value": last.text})
    city = getattr(rows, "city", None)
    if city is not None and city.value is not None:
        parts.append(_("Gesamtstadt: %(value)s.") % {"value": city.text})
    suppressed = sum(1 for row in rows if row.suppressed)
    if suppressed:
        parts.append(ngettext("%(count)s Wert wegen kleiner Fallzahlen nicht ausgewiesen (%(rule)s).",
                              "%(count)s Werte wegen kleiner Fallzahlen nicht ausgewiesen (%(rule)s).",
                              suppressed) % {"count": suppressed, "rule": suppressed_text(indicator)})
    missing = sum(1 for row in rows if row.value is None and not row.suppressed)
    if missing:
        parts.append(ngettext("%(count)s Gebiet ohne Angabe.", "%(count)s Gebiete ohne Angabe.", missing)
                     % {"count": missing})
    if indicator.is_example_data:
        parts.append(_("Beispieldaten, keine amtliche Statistik."))
    parts.append(_("Die Werte stehen auch in der Tabelle."))
    return " ".join(parts)


def _class_count(rows):
    classes = getattr(rows, "classes", None) or []
    return classes, len(classes) or max((row.klass or 0 for row in rows), default=0)


def choropleth(*, indicator, year, level, values, summary=None, legend_head=None, legend=True):
    """What `choropleth_svg` draws, as plain data: shapes with their classes, labels, legend lines."""
    rows = values
    classes, class_count = _class_count(rows)
    shapes = geometry(level).shapes
    map_height = geometry(level).height
    uid = f"karte-{indicator.key}-{year}-{level}"
    hatch_id = f"{uid}-geschuetzt"
    height = (max(map_height, 40 + (8 + class_count) * 24) if legend else map_height) + 28
    width = LEGEND_X + LEGEND_WIDTH if legend else LEGEND_X

    areas, labels = [], []
    for row in rows:
        shape = shapes.get(row.area.number)
        if shape is None:
            continue
        if row.klass:
            fill, css = class_colour(row.klass, class_count), f"klasse-{row.klass}"
        elif row.suppressed:
            fill, css = f"url(#{hatch_id})", "geschuetzt"
        else:
            fill, css = MISSING_FILL, "ohne-wert"
        areas.append({"css": css, "key": row.area.key, "fill": fill, "path": shape.path,
                      "title": f"{row.area.name}: {row.text}"})
        if row.klass:
            x, y = shape.centroid
            labels.append({"x": _coordinate(x), "y": _coordinate(y + 3), "number": str(row.klass),
                           "fill": _text_colour(row.klass, class_count)})
    return {
        "uid": uid, "hatch_id": hatch_id, "width": str(width), "height": f"{height:.0f}",
        "title": f"{indicator.name} {year} – {LEVEL_LABELS[level]}",
        "desc": summary or map_summary(indicator, year, level, rows),
        "areas": areas, "labels": labels,
        # District borders drawn over the quarters help readers find their way.
        "district_paths": ([shape.path for shape in geometry("bezirk").shapes.values()]
                           if level == "stadtteil" else []),
        "legend": (_legend(indicator, year, rows, classes, class_count, hatch_id, legend_head)
                   if legend else None),
        "attribution": GEODATA_ATTRIBUTION, "attribution_y": f"{height - 8:.0f}",
        "example_label": EXAMPLE_DATA_LABEL if indicator.is_example_data else "",
    }


def choropleth_svg(*, indicator, year, level="stadtteil", values, summary=None, legend_head=None, legend=True):
    """An inline <svg> map of one indicator and year; `values` are rows from `selectors.ranking`.

    Other apps map their own shares with it (duck-typed `indicator`); `summary` then replaces the
    poverty wording of the description and `legend_head` the two lines above the legend classes.
    `legend=False` leaves the legend out of the picture (and its width out of the viewBox): web pages
    show `legend_entries` as text beside or below the map, readable on a phone at any zoom."""
    data = choropleth(indicator=indicator, year=year, level=level, values=values, summary=summary,
                      legend_head=legend_head, legend=legend)
    return render_to_string("statistics/svg/choropleth.svg", {"map": data})


def legend_entries(*, indicator, rows):
    """The map's legend as data for an HTML list: the same classes, colours and notes as `_legend`."""
    classes, class_count = _class_count(rows)
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
    """The legend drawn inside the picture (PDF): its lines with their y positions."""
    direction = _("höchste Werte") if indicator.higher_is_worse else _("niedrigste Werte")
    first, second = legend_head or (f"{direction},", _("größte Armutsbelastung"))
    y = 24 + 18 + 13 + 8
    entries = []
    for map_class in sorted(classes, key=lambda c: c.number, reverse=True):
        y += 22
        entries.append({
            "css": f"klasse-{map_class.number}", "fill": class_colour(map_class.number, class_count),
            "number": str(map_class.number), "text_colour": _text_colour(map_class.number, class_count),
            "label": map_class.label, "rect_y": str(y - 14), "number_y": str(y - 1), "y": str(y),
        })
    suppressed = missing = None
    if any(row.suppressed for row in rows):
        y += 22
        suppressed = {"fill": f"url(#{hatch_id})", "label": suppressed_text(indicator),
                      "rect_y": str(y - 14), "y": str(y)}
    if any(row.value is None and not row.suppressed for row in rows):
        y += 22
        missing = {"fill": MISSING_FILL, "rect_y": str(y - 14), "y": str(y)}
    city = getattr(rows, "city", None)
    city_line = None
    if city is not None:
        y += 30
        city_line = {"text": city.text, "y": str(y)}
    return {
        "x": str(LEGEND_X), "year": str(year), "top": str(max(class_count, 1)), "first": first, "second": second,
        "classes": entries, "suppressed": suppressed, "missing": missing, "city": city_line,
    }


def locator(area):
    """What `locator_svg` draws: every shape of the area's level, the area's own one dark."""
    if area.kind not in ("stadtteil", "bezirk"):
        return None
    level_geometry = geometry(area.kind)
    if area.number not in level_geometry.shapes:
        return None
    return {
        "uid": f"lage-{area.key}", "name": area.name,
        "width": _coordinate(level_geometry.width), "height": f"{level_geometry.height:.0f}",
        "shapes": [{"path": shape.path, "fill": "#8a0d14" if number == area.number else "#ececf0"}
                   for number, shape in level_geometry.shapes.items()],
    }


def locator_svg(area):
    """A small map that shows where an area lies in the city (its shape dark, the rest light)."""
    data = locator(area)
    if data is None:
        return ""
    return render_to_string("statistics/svg/locator.svg", {"map": data})
