"""Who may see and change the Fachtag's results.

The public reads a public event; an internal event stays among the people who worked on it:
confirmed members of an organisation and the planners (a self-registered account alone is not
enough). Only Planung and Dezernat write, and only they read the change history.
"""

import rules

from core.permissions import is_confirmed_member, is_planner

sees_internal_events = is_confirmed_member | is_planner


@rules.predicate
def event_is_public(user, event):
    return event is not None and event.is_public


@rules.predicate
def workshop_event_is_public(user, workshop):
    return workshop is not None and workshop.event.is_public


@rules.predicate
def outcome_event_is_public(user, outcome):
    return outcome is not None and outcome.workshop.event.is_public


rules.add_perm("workshops.view_event", sees_internal_events | event_is_public)
rules.add_perm("workshops.view_workshop", sees_internal_events | workshop_event_is_public)
rules.add_perm("workshops.view_outcome", sees_internal_events | outcome_event_is_public)
# The history names the planners who typed what; that stays inside the planning team.
rules.add_perm("workshops.view_outcome_history", is_planner)
rules.add_perm("workshops.change_outcomes", is_planner)
rules.add_perm("workshops.import_outcomes", is_planner)
rules.add_perm("workshops.change_workshops", is_planner)
rules.add_perm("workshops.change_events", is_planner)
