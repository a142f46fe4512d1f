"""Who may see and change the Fachtag's results.

Organisation members and the public read; only Planung and Dezernat write. An event stays
internal (logged-in users only) until a planner marks it public.
"""

import rules

from core.permissions import is_logged_in, is_planner


@rules.predicate
def event_is_public(user, event):
    return event is not None and event.is_public


@rules.predicate
def workshop_event_is_public(user, workshop):
    return workshop is not None and workshop.event.is_public


@rules.predicate
def outcome_event_is_public(user, outcome):
    return outcome is not None and outcome.workshop.event.is_public


rules.add_perm("workshops.view_event", is_logged_in | event_is_public)
rules.add_perm("workshops.view_workshop", is_logged_in | workshop_event_is_public)
rules.add_perm("workshops.view_outcome", is_logged_in | outcome_event_is_public)
# The history names the planners who typed; that stays among logged-in users.
rules.add_perm("workshops.view_outcome_history", is_logged_in)
rules.add_perm("workshops.change_outcomes", is_planner)
rules.add_perm("workshops.import_outcomes", is_planner)
rules.add_perm("workshops.change_workshops", is_planner)
rules.add_perm("workshops.change_events", is_planner)
