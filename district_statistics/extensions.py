"""Places on statistics pages where other apps add something (see core.hooks).

The statistics app knows nothing of the action plan; the action plan registers here (in its
AppConfig.ready) what it wants to show beside the figures.
"""

from core.hooks import Hook

# (request, area) -> panel dict or None, shown on the area profile.
area_panels = Hook("statistics.area_panels")

# (request) -> {"label": str, "url": str} or None, a link among the statistics start page's actions.
index_links = Hook("statistics.index_links")


def render_area_panels(request, area):
    return area_panels.render(request, area, area=area)


# (request, area) -> [(year, label)]: events to mark on the area's time series (the action plan
# marks the start of the measures naming the area).
time_series_markers = Hook("statistics.time_series_markers")


def collect_time_series_markers(request, area):
    return sorted(marker for markers in time_series_markers.contributions(request, area) for marker in markers)
