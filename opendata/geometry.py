"""Boundaries of the Stadtteile and Stadtbezirke as simplified GeoJSON (WGS 84), computed once."""

from functools import lru_cache

from district_statistics.geo import FILES, _load, simplify

# About 10 m at Hannover's latitude: the shapes stay recognisable and the answer small.
TOLERANCE_DEGREES = 0.0001
COORDINATE_DECIMALS = 5


def _simplified_polygon(rings):
    result = []
    for ring in rings:
        points = [(round(lon, COORDINATE_DECIMALS), round(lat, COORDINATE_DECIMALS))
                  for lon, lat, *_ in simplify([tuple(p[:2]) for p in ring], TOLERANCE_DEGREES)]
        if len(points) >= 4:
            if points[0] != points[-1]:
                points.append(points[0])
            result.append([list(p) for p in points])
    return result


@lru_cache(maxsize=2)
def geometries(level):
    """{official number: GeoJSON geometry} for "stadtteil" or "bezirk"."""
    _, number_field = FILES[level]
    shapes = {}
    for feature in _load(level):
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            polygons = [_simplified_polygon(geometry["coordinates"])]
        else:
            polygons = [_simplified_polygon(polygon) for polygon in geometry["coordinates"]]
        polygons = [polygon for polygon in polygons if polygon]
        number = int(feature["properties"][number_field])
        if len(polygons) == 1:
            shapes[number] = {"type": "Polygon", "coordinates": polygons[0]}
        else:
            shapes[number] = {"type": "MultiPolygon", "coordinates": polygons}
    return shapes


def geometry_of(area):
    """The simplified boundary of a Stadtteil or Stadtbezirk; None for the city as a whole."""
    level = {"stadtteil": "stadtteil", "bezirk": "bezirk"}.get(area.kind)
    if level is None or area.number is None:
        return None
    return geometries(level).get(area.number)
