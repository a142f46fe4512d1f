from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from core.models import Membership, User


def profile_update(*, user, display_name):
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    return user


def membership_confirmers():
    configured = list(settings.MEMBERSHIP_NOTIFY_EMAILS)
    if configured:
        return configured
    return list(User.objects.filter(is_staff=True, is_active=True).exclude(email="").values_list("email", flat=True))


def membership_request(*, user, organisation):
    """Ask to speak for an organisation; staff confirm it in the admin before it counts."""
    from core import outbox, tasks

    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, organisation=organisation)
        if created:
            outbox.enqueue(tasks.notify_membership_request.name, membership.pk)
    return membership, created


def tell_confirmers(*, membership):
    user, organisation = membership.user, membership.organisation
    recipients = membership_confirmers()
    if not recipients:
        return
    send_mail(
        f"{settings.EMAIL_SUBJECT_PREFIX}Mitgliedschaft bestätigen: {organisation}",
        f"{user.get_display_name()} <{user.email}> möchte im Namen von „{organisation}“ Stellung nehmen.\n\n"
        f"Bitte prüfen und bestätigen: {settings.SITE_URL}/verwaltung/core/membership/?confirmed__exact=0",
        None,
        recipients,
    )
