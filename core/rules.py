import rules

from core.permissions import is_planner, is_staff_user

rules.add_perm("core.view_internal_pages", is_planner)
rules.add_perm("core.manage_memberships", is_staff_user)
