"""Extension points that let other apps add to statistics pages without this app knowing them.

The statistics app knows nothing of the action plan; the action plan registers here (in its
AppConfig.ready) what it wants to show beside the figures, e.g. the measures naming an area.
"""

# Each callable takes (request, area) and returns None or a dict with keys
# "title" (str), "template" (str) and "context" (dict), rendered on the area profile.
area_panels = []


def register_area_panel(func):
    area_panels.append(func)
    return func


def render_area_panels(request, area):
    panels = []
    for func in area_panels:
        panel = func(request, area)
        if panel:
            panels.append(panel)
    return panels


# Each callable takes (request, area) and returns [(year, label)]: events to mark on the area's
# time series (the action plan marks the start of the measures naming the area).
time_series_markers = []


def register_time_series_markers(func):
    time_series_markers.append(func)
    return func


def collect_time_series_markers(request, area):
    markers = []
    for func in time_series_markers:
        markers.extend(func(request, area) or [])
    return sorted(markers)
