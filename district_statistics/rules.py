import rules

from core.permissions import is_planner


@rules.predicate
def is_published_indicator(user, indicator):
    return indicator is not None and indicator.is_published


rules.add_perm("statistics.view_indicator", is_published_indicator | is_planner)
rules.add_perm("statistics.view_unpublished_indicators", is_planner)
rules.add_perm("statistics.import_values", is_planner)
rules.add_perm("statistics.change_indicator", is_planner)
rules.add_perm("statistics.view_importlog", is_planner)
