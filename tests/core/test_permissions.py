"""Roles and the permission module as a matrix: every role × every action the foundation knows."""

import pytest
from django.contrib.auth.models import AnonymousUser

from core.permissions import (
    Role,
    is_confirmed_member,
    is_coordination,
    is_department,
    is_logged_in,
    is_organisation_contact,
    is_planner,
    role_of,
)
from tests.factories import member_of

pytestmark = pytest.mark.django_db

ROLES = ["dezernat", "planung", "mitglied", "unbestaetigt", "angemeldet", "oeffentlich"]

EXPECTED_ROLE = {
    "dezernat": Role.DEPARTMENT,
    "planung": Role.PLANNING,
    "mitglied": Role.MEMBER,
    "unbestaetigt": Role.PUBLIC,
    "angemeldet": Role.PUBLIC,
    "oeffentlich": Role.PUBLIC,
}

# What every app's rules build on: predicate → roles for which it holds.
MATRIX = {
    "is_department": (is_department, {"dezernat"}),
    "is_planner": (is_planner, {"dezernat", "planung"}),
    "is_confirmed_member": (is_confirmed_member, {"mitglied"}),
    "is_logged_in": (is_logged_in, {"dezernat", "planung", "mitglied", "unbestaetigt", "angemeldet"}),
    # The department may stand in for the Koordinationsstelle; no fixture person is a contact.
    "is_coordination": (is_coordination, {"dezernat"}),
    "is_organisation_contact": (is_organisation_contact, set()),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_person_has_exactly_the_role_of_their_group_or_membership(users_by_role, role):
    assert role_of(users_by_role[role]) is EXPECTED_ROLE[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_predicate_matrix(users_by_role, role, name):
    predicate, allowed = MATRIX[name]
    assert predicate(users_by_role[role]) is (role in allowed)


def test_every_app_declares_its_actions_in_one_rules_module():
    import rules

    labels = {name.split(".", 1)[0] for name in rules.permissions.permissions}
    assert {"workshops", "actionplan", "statistics", "reports"} <= labels


def test_membership_counts_only_once_the_organisation_confirmed_it(db):
    person = member_of(confirmed=False)
    assert role_of(person) is Role.PUBLIC
    membership = person.memberships.get()
    membership.confirmed = True
    membership.save()
    person = type(person).objects.get(pk=person.pk)  # a new request sees a fresh user
    assert role_of(person) is Role.MEMBER


def test_anonymous_visitor_is_the_public():
    assert role_of(AnonymousUser()) is Role.PUBLIC
