"""Boundaries of the Stadtteile and Stadtbezirke, simplified once and stored beside their sources.

The GeoJSON sources are detailed (about 1 MB); maps and the open-data API need far fewer points.
`manage.py simplify_boundaries` simplifies them once (Douglas–Peucker in plain Python, so no GIS
library is needed) and writes `boundaries.simplified.json`: per area the simplified GeoJSON
(WGS 84, what the open-data API hands out) and, projected from that same geometry, the SVG path
and label position every map draws (web, locator, PDF). Processes only read that file; run the
command again whenever the source boundaries change.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.models import Area

DATA_DIR = Path(__file__).resolve().parent.parent / "core" / "data" / "hannover"
BOUNDARIES_FILE = DATA_DIR / "boundaries.simplified.json"
FILES = {
    Area.Kind.QUARTER: ("stadtteile.geojson", "stadtteil_nr", "stadtteil_name"),
    Area.Kind.DISTRICT: ("stadtbezirke.geojson", "bezirk_nr", "bezirk_name"),
}
WIDTH = 600.0
PADDING = 6.0
# About 10 m at Hannover's latitude: shapes stay recognisable and open-data answers small.
TOLERANCE_DEGREES = 0.0001
COORDINATE_DECIMALS = 5
TOLERANCE = 0.6  # in SVG units: half a pixel at the default size


@dataclass(frozen=True)
class Shape:
    number: int
    name: str
    path: str
    centroid: tuple
    geojson: dict


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    shapes: dict  # number → Shape


# --- reading the stored boundaries (every process) -------------------------------------------

@lru_cache(maxsize=1)
def _stored():
    try:
        with open(BOUNDARIES_FILE, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise RuntimeError(f"{BOUNDARIES_FILE} fehlt: bitte `manage.py simplify_boundaries` ausführen.") from None


@lru_cache(maxsize=2)
def geometry(level):
    """Simplified shapes of one level ("stadtteil" or "bezirk"), keyed by official number."""
    if level not in FILES:
        raise ValueError(f"unknown level {level!r}")
    stored = _stored()
    shapes = {
        int(number): Shape(number=int(number), name=shape["name"], path=shape["path"],
                           centroid=tuple(shape["centroid"]), geojson=shape["geojson"])
        for number, shape in stored["levels"][level].items()
    }
    return Geometry(width=stored["width"], height=stored["height"], shapes=shapes)


# --- simplifying the sources (once, by the management command) -------------------------------

def _rings(geometry):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def _polygons(geometry):
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _perpendicular_distance(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify(points, tolerance):
    """Douglas–Peucker without recursion (rings have thousands of points)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        max_distance, index = 0.0, None
        for i in range(first + 1, last):
            distance = _perpendicular_distance(points[i], points[first], points[last])
            if distance > max_distance:
                max_distance, index = distance, i
        if index is not None and max_distance > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _load(level):
    filename = FILES[level][0]
    with open(DATA_DIR / filename, encoding="utf-8") as handle:
        return json.load(handle)["features"]


def _bounds(features):
    # Both levels share one frame (the Stadtteile cover the city), so maps of either level align.
    lons, lats = [], []
    for feature in features:
        for ring in _rings(feature["geometry"]):
            for lon, lat, *_ in ring:
                lons.append(lon)
                lats.append(lat)
    return min(lons), min(lats), max(lons), max(lats)


def _projector(bounds):
    min_lon, min_lat, max_lon, max_lat = bounds
    x_factor = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = (max_lon - min_lon) * x_factor
    span_y = max_lat - min_lat
    scale = (WIDTH - 2 * PADDING) / span_x
    height = span_y * scale + 2 * PADDING

    def project(lon, lat):
        return (PADDING + (lon - min_lon) * x_factor * scale, PADDING + (max_lat - lat) * scale)

    return project, height


def _simplified_polygon(rings):
    result = []
    for ring in rings:
        points = [(round(lon, COORDINATE_DECIMALS), round(lat, COORDINATE_DECIMALS))
                  for lon, lat in simplify([tuple(p[:2]) for p in ring], TOLERANCE_DEGREES)]
        if len(points) >= 4:
            if points[0] != points[-1]:
                points.append(points[0])
            result.append([list(p) for p in points])
    return result


def _simplified_geojson(geometry):
    polygons = [polygon for polygon in map(_simplified_polygon, _polygons(geometry)) if polygon]
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _path_data(rings):
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        head, *tail = ring
        parts.append(f"M{head[0]:.1f} {head[1]:.1f}" + "".join(f"L{x:.1f} {y:.1f}" for x, y in tail) + "Z")
    return "".join(parts)


def _signed_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def _centroid(rings):
    # Centroid of the largest ring: good enough to place a label inside the area.
    ring = max(rings, key=lambda r: abs(_signed_area(r)))
    area = _signed_area(ring)
    if area == 0:
        xs, ys = zip(*ring, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (6 * area), cy / (6 * area)


def build_boundaries():
    """Simplify both levels from the GeoJSON sources: the content of `BOUNDARIES_FILE`."""
    sources = {level: _load(level) for level in FILES}
    project, height = _projector(_bounds(sources[Area.Kind.QUARTER]))
    levels = {}
    for level, features in sources.items():
        _, number_field, name_field = FILES[level]
        shapes = {}
        for feature in features:
            geojson = _simplified_geojson(feature["geometry"])
            # The picture is drawn from the same simplified boundary, thinned once more for the screen.
            rings = []
            for ring in _rings(geojson):
                projected = simplify([project(lon, lat) for lon, lat in ring], TOLERANCE)
                if len(projected) >= 4:
                    rings.append(projected[:-1] if projected[0] == projected[-1] else projected)
            x, y = _centroid(rings)
            shapes[str(int(feature["properties"][number_field]))] = {
                "name": feature["properties"][name_field], "geojson": geojson,
                "path": _path_data(rings), "centroid": [round(x, 2), round(y, 2)],
            }
        levels[str(level)] = shapes
    return {"width": WIDTH, "height": round(height, 1), "levels": levels}


def write_boundaries(path=BOUNDARIES_FILE):
    content = build_boundaries()
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(content, handle, ensure_ascii=False, separators=(",", ":"))
        handle.write("\n")
    _stored.cache_clear()
    geometry.cache_clear()
    return content
