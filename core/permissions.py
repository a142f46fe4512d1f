"""Who is who on the platform: the single source of truth for roles.

Roles come from Django groups (Planung, Dezernat) and confirmed organisation
memberships. Every app states its own rules in its `rules.py` on top of these
predicates; code asks `user.has_perm("app.action", obj)`, never the groups
directly; views use core.decorators.permission_required.
"""

import enum

import rules
from django.utils.translation import gettext_lazy as _

PLANNING_GROUP = "Planung"
DEPARTMENT_GROUP = "Dezernat"
# The Koordinationsstelle Sozialplanung looks after organisations and their memberships.
COORDINATION_GROUP = "Koordinationsstelle"


class Role(enum.Enum):
    PUBLIC = "Öffentlichkeit"
    MEMBER = "Organisationsmitglied"
    PLANNING = "Planung"
    COORDINATION = "Koordinationsstelle"
    DEPARTMENT = "Dezernat"

    @property
    def label(self):
        """The role's name in the reader's language; the value stays the German group vocabulary."""
        return {
            Role.PUBLIC: _("Öffentlichkeit"), Role.MEMBER: _("Organisationsmitglied"), Role.PLANNING: _("Planung"),
            Role.COORDINATION: _("Koordinationsstelle"), Role.DEPARTMENT: _("Dezernat"),
        }[self]


def _group_names(user):
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_group_names_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._group_names_cache = cached
    return cached


def _confirmed_memberships(user):
    """(organisation id, is contact) of the person's confirmed memberships, read once per request."""
    cached = getattr(user, "_confirmed_memberships_cache", None)
    if cached is None:
        cached = tuple(user.memberships.filter(confirmed=True).values_list("organisation_id", "is_contact"))
        user._confirmed_memberships_cache = cached
    return cached


def confirmed_organisation_ids(user):
    if not user.is_authenticated:
        return frozenset()
    return frozenset(org_id for org_id, _contact in _confirmed_memberships(user))


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
def is_coordination(user):
    # The department oversees the Koordinationsstelle and may stand in for it.
    return bool(_group_names(user) & {COORDINATION_GROUP, DEPARTMENT_GROUP})


def contact_organisation_ids(user):
    """Organisations for which the person is a confirmed contact (Ansprechperson)."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(org_id for org_id, is_contact in _confirmed_memberships(user) if is_contact)


@rules.predicate
def is_organisation_contact(user):
    return bool(contact_organisation_ids(user))


@rules.predicate
def is_contact_of(user, organisation):
    return organisation is not None and organisation.pk in contact_organisation_ids(user)


@rules.predicate
def is_logged_in(user):
    return user.is_authenticated


def role_of(user):
    if is_department(user):
        return Role.DEPARTMENT
    if is_planner(user):
        return Role.PLANNING
    if COORDINATION_GROUP in _group_names(user):
        return Role.COORDINATION
    if is_confirmed_member(user):
        return Role.MEMBER
    return Role.PUBLIC

