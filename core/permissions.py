"""Who is who on the platform: the single source of truth for roles.

Roles come from Django groups (Planung, Dezernat) and confirmed organisation
memberships. Every app states its own rules in its `rules.py` on top of these
predicates; code asks `user.has_perm("app.action", obj)`, never the groups
directly; views use core.decorators.permission_required.
"""

import enum

import rules

PLANNING_GROUP = "Planung"
DEPARTMENT_GROUP = "Dezernat"


class Role(enum.Enum):
    PUBLIC = "Öffentlichkeit"
    MEMBER = "Organisationsmitglied"
    PLANNING = "Planung"
    DEPARTMENT = "Dezernat"


def _group_names(user):
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_group_names_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._group_names_cache = cached
    return cached


def confirmed_organisation_ids(user):
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_confirmed_org_cache", None)
    if cached is None:
        cached = frozenset(
            user.memberships.filter(confirmed=True).values_list("organisation_id", flat=True)
        )
        user._confirmed_org_cache = cached
    return cached


@rules.predicate
def is_department(user):
    return DEPARTMENT_GROUP in _group_names(user)


@rules.predicate
def is_planner(user):
    # The department may do everything planning may do.
    return bool(_group_names(user) & {PLANNING_GROUP, DEPARTMENT_GROUP})


@rules.predicate
def is_confirmed_member(user):
    return bool(confirmed_organisation_ids(user))


@rules.predicate
def is_logged_in(user):
    return user.is_authenticated


def role_of(user):
    if is_department(user):
        return Role.DEPARTMENT
    if is_planner(user):
        return Role.PLANNING
    if is_confirmed_member(user):
        return Role.MEMBER
    return Role.PUBLIC

