from django.core.mail import mail_admins
from django.db import transaction

from core.models import Membership


def profile_update(*, user, display_name):
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    return user


def membership_request(*, user, organisation):
    """Ask to speak for an organisation; staff confirm it in the admin before it counts."""
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation)
    if created:
        transaction.on_commit(lambda: mail_admins(
            f"Mitgliedschaft bestätigen: {organisation}",
            f"{user.get_display_name()} <{user.email}> möchte im Namen von „{organisation}“ "
            "Stellung nehmen. Bitte in der Verwaltung unter Mitgliedschaften prüfen und bestätigen.",
            fail_silently=True,
        ))
    return membership, created
