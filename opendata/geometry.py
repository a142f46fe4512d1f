"""Boundaries of the Stadtteile and Stadtbezirke as simplified GeoJSON (WGS 84).

The same stored, once-simplified boundaries every map draws (`district_statistics.geo`).
"""

from district_statistics.geo import FILES, geometry


def geometry_of(area):
    """The simplified boundary of a Stadtteil or Stadtbezirk; None for the city as a whole."""
    if area.kind not in FILES or area.number is None:
        return None
    shape = geometry(area.kind).shapes.get(area.number)
    return shape.geojson if shape is not None else None
