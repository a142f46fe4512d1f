import rules
from django.conf import settings

from core.models import User
from core.permissions import Role, role_of


def site(request):
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else Role.PUBLIC
    return {
        "site_name": settings.SITE_NAME,
        "user_role": role,
        "user_is_planner": role in (Role.PLANNING, Role.DEPARTMENT),
        "user_is_department": role is Role.DEPARTMENT,
        # Straight from the rule set: Django's ModelBackend would first read the permission tables.
        "user_may_manage_memberships": user is not None and rules.has_perm("core.view_memberships", user),
        "demo_content_present": User.objects.filter(is_demo=True).exists(),
    }
