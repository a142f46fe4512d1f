import rules
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.models import User
from core.permissions import Role, role_of

DEMO_CONTENT_KEY = "core:demo-content-present"


def demo_content_present() -> bool:
    # Asked by every page; the answer changes only when demo people come or go (signals below).
    present = cache.get(DEMO_CONTENT_KEY)
    if present is None:
        present = User.objects.filter(is_demo=True).exists()
        cache.set(DEMO_CONTENT_KEY, present, timeout=None)
    return present


@receiver(post_save, sender=User, dispatch_uid="core-demo-content-saved")
@receiver(post_delete, sender=User, dispatch_uid="core-demo-content-deleted")
def _demo_people_changed(sender, instance, **kwargs):
    if instance.is_demo:
        cache.delete(DEMO_CONTENT_KEY)


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
        "demo_content_present": _demo_content_present_for(request),
    }


def _demo_content_present_for(request):
    # Once per request: a page that renders panels of other apps runs this processor once per panel.
    if not hasattr(request, "_demo_content_present"):
        request._demo_content_present = demo_content_present()
    return request._demo_content_present
