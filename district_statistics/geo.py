"""Boundaries of the Stadtteile and Stadtbezirke as SVG path data, computed once per process.

The GeoJSON files are detailed (about 1 MB); drawing them needs far fewer points. They are
projected with a local equirectangular projection (good enough for a city 20 km across) and
simplified with Douglas–Peucker in plain Python, so no GIS library is needed.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.models import Area

DATA_DIR = Path(__file__).resolve().parent.parent / "core" / "data" / "hannover"
FILES = {
    Area.Kind.QUARTER: ("stadtteile.geojson", "stadtteil_nr"),
    Area.Kind.DISTRICT: ("stadtbezirke.geojson", "bezirk_nr"),
}
WIDTH = 600.0
PADDING = 6.0
TOLERANCE = 0.6  # in SVG units: half a pixel at the default size


@dataclass(frozen=True)
class Shape:
    number: int
    name: str
    path: str
    centroid: tuple


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    shapes: dict  # number → Shape


def _rings(geometry):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


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


@lru_cache(maxsize=1)
def _bounds():
    # Both levels share one frame (the Stadtteile cover the city), so maps of either level align.
    features = _load("stadtteil")
    lons, lats = [], []
    for feature in features:
        for ring in _rings(feature["geometry"]):
            for lon, lat, *_ in ring:
                lons.append(lon)
                lats.append(lat)
    return min(lons), min(lats), max(lons), max(lats)


@lru_cache(maxsize=2)
def _load(level):
    filename, _ = FILES[level]
    with open(DATA_DIR / filename, encoding="utf-8") as handle:
        return json.load(handle)["features"]


def _projector():
    min_lon, min_lat, max_lon, max_lat = _bounds()
    x_factor = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = (max_lon - min_lon) * x_factor
    span_y = max_lat - min_lat
    scale = (WIDTH - 2 * PADDING) / span_x
    height = span_y * scale + 2 * PADDING

    def project(lon, lat):
        return (PADDING + (lon - min_lon) * x_factor * scale, PADDING + (max_lat - lat) * scale)

    return project, height


def _path_data(rings):
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        head, *tail = ring
        parts.append(f"M{head[0]:.1f} {head[1]:.1f}" + "".join(f"L{x:.1f} {y:.1f}" for x, y in tail) + "Z")
    return "".join(parts)


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


def _signed_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


@lru_cache(maxsize=2)
def geometry(level):
    """Simplified, projected shapes of one level ("stadtteil" or "bezirk"), keyed by official number."""
    if level not in FILES:
        raise ValueError(f"unknown level {level!r}")
    _, number_field = FILES[level]
    name_field = "stadtteil_name" if level == Area.Kind.QUARTER else "bezirk_name"
    project, height = _projector()
    shapes = {}
    for feature in _load(level):
        properties = feature["properties"]
        rings = []
        for ring in _rings(feature["geometry"]):
            projected = [project(lon, lat) for lon, lat, *_ in ring]
            simplified = simplify(projected, TOLERANCE)
            if len(simplified) >= 4:
                rings.append(simplified[:-1] if simplified[0] == simplified[-1] else simplified)
        number = int(properties[number_field])
        shapes[number] = Shape(number=number, name=properties[name_field], path=_path_data(rings),
                               centroid=_centroid(rings))
    return Geometry(width=WIDTH, height=round(height, 1), shapes=shapes)
