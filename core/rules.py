"""Who may look after organisations and memberships; the role predicates live in core/permissions.py
and are what every app's rules.py builds on (tests/core/test_permissions.py checks them as a matrix)."""

import rules

from core.permissions import is_contact_of, is_coordination, is_organisation_contact

# The membership page: the Koordinationsstelle sees every organisation, a contact only their own.
rules.add_perm("core.view_memberships", is_coordination | is_organisation_contact)
# Confirm, decline or remove a member of this organisation (object: the organisation).
rules.add_perm("core.manage_members", is_coordination | is_contact_of)
# Create and edit organisations, name their contacts.
rules.add_perm("core.manage_organisations", is_coordination)
