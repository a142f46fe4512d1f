"""Roles and the permission module as a matrix: every role × every action the foundation knows."""

import pytest
from django.contrib.auth.models import AnonymousUser

from core.permissions import Role, can, role_of
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

# action → roles allowed
MATRIX = {
    "core.view_internal_pages": {"dezernat", "planung"},
    "core.manage_memberships": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_person_has_exactly_the_role_of_their_group_or_membership(users_by_role, role):
    assert role_of(users_by_role[role]) is EXPECTED_ROLE[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_permission_matrix(users_by_role, role, action):
    assert can(users_by_role[role], action) is (role in MATRIX[action])


def test_staff_manage_memberships(admin_user):
    assert can(admin_user, "core.manage_memberships")


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
