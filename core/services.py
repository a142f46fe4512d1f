from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from core.models import Membership, MembershipLogEntry, Organisation, User
from core.permissions import COORDINATION_GROUP, DEPARTMENT_GROUP


def profile_update(*, user, display_name):
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    return user


def _site_url(name):
    return f"{settings.SITE_URL}{reverse(name)}"


def _mail(*, subject, body, to):
    send_mail(f"{settings.EMAIL_SUBJECT_PREFIX}{subject}", body, None, to, fail_silently=True)


def membership_confirmers(organisation):
    """Who is asked to confirm a request: the configured addresses, or else the Koordinationsstelle,
    and always the organisation's own contact people."""
    configured = list(settings.MEMBERSHIP_NOTIFY_EMAILS)
    people = User.objects.filter(is_active=True).exclude(email="")
    contacts = people.filter(
        memberships__organisation=organisation, memberships__confirmed=True, memberships__is_contact=True
    )
    if not configured:
        coordination = people.filter(groups__name=COORDINATION_GROUP)
        if not coordination.exists():
            coordination = people.filter(Q(groups__name=DEPARTMENT_GROUP) | Q(is_staff=True))
        configured = list(coordination.values_list("email", flat=True))
    return sorted(set(configured) | set(contacts.values_list("email", flat=True)))


def membership_request(*, user, organisation):
    """Ask to speak for an organisation; the Koordinationsstelle or the organisation's contact confirms."""
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation)
    if created:
        transaction.on_commit(lambda: _tell_confirmers(user=user, organisation=organisation))
    return membership, created


def _tell_confirmers(*, user, organisation):
    recipients = membership_confirmers(organisation)
    if not recipients:
        return
    _mail(
        subject=f"Mitgliedschaft bestätigen: {organisation}",
        body=f"{user.get_display_name()} <{user.email}> möchte im Namen von „{organisation}“ Stellung nehmen.\n\n"
             f"Bitte prüfen Sie die Anfrage und bestätigen oder lehnen Sie sie ab: "
             f"{_site_url('core:memberships')}",
        to=recipients,
    )


def _require(by, organisation):
    if not by.has_perm("core.manage_members", organisation):
        raise PermissionDenied("Sie dürfen die Mitglieder dieser Organisation nicht verwalten.")


def _log(*, membership, action, by, reason=""):
    return MembershipLogEntry.objects.create(
        organisation=membership.organisation, person=membership.user,
        person_name=f"{membership.user.get_display_name()} <{membership.user.email}>",
        action=action, reason=reason, by=by,
    )


@transaction.atomic
def membership_confirm(*, membership, by):
    _require(by, membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.confirmed:
        return membership
    membership.confirmed = True
    membership.save(update_fields=["confirmed"])
    _log(membership=membership, action=MembershipLogEntry.Action.CONFIRMED, by=by)
    user, organisation = membership.user, membership.organisation
    transaction.on_commit(lambda: _mail(
        subject=f"Mitgliedschaft bestätigt: {organisation}",
        body=f"Guten Tag {user.get_display_name()},\n\nIhre Mitgliedschaft bei „{organisation}“ ist bestätigt. "
             f"Sie können jetzt im Namen Ihrer Organisation Stellung nehmen: {_site_url('actionplan:index')}\n",
        to=[user.email],
    ))
    return membership


@transaction.atomic
def membership_decline(*, membership, reason, by):
    """Decline a pending request; the person learns why and may ask again later."""
    _require(by, membership.organisation)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Bitte geben Sie einen Grund an; die Person erhält ihn per E-Mail."})
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.confirmed:
        raise ValidationError("Diese Mitgliedschaft ist bereits bestätigt; Sie können sie nur noch entfernen.")
    _log(membership=membership, action=MembershipLogEntry.Action.DECLINED, by=by, reason=reason)
    _end(membership, subject="Mitgliedschaft abgelehnt",
         text="Ihre Anfrage, im Namen von „{org}“ Stellung zu nehmen, wurde abgelehnt.", reason=reason)


@transaction.atomic
def membership_remove(*, membership, reason, by):
    _require(by, membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _log(membership=membership, action=MembershipLogEntry.Action.REMOVED, by=by, reason=reason.strip())
    _end(membership, subject="Mitgliedschaft beendet",
         text="Ihre Mitgliedschaft bei „{org}“ auf der Plattform wurde beendet.", reason=reason.strip())


def _end(membership, *, subject, text, reason):
    user, organisation = membership.user, membership.organisation
    membership.delete()
    body = f"Guten Tag {user.get_display_name()},\n\n{text.format(org=organisation)}\n"
    if reason:
        body += f"\nBegründung: {reason}\n"
    body += (f"\nBei Fragen wenden Sie sich bitte an die Koordinationsstelle Sozialplanung. "
             f"Ihr Konto: {_site_url('core:profile')}\n")
    transaction.on_commit(lambda: _mail(subject=f"{subject}: {organisation}", body=body, to=[user.email]))


@transaction.atomic
def membership_set_contact(*, membership, is_contact, by):
    if not by.has_perm("core.manage_organisations"):
        raise PermissionDenied("Nur die Koordinationsstelle benennt Ansprechpersonen.")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if is_contact and not membership.confirmed:
        raise ValidationError("Nur bestätigte Mitglieder können Ansprechperson sein.")
    if membership.is_contact == is_contact:
        return membership
    membership.is_contact = is_contact
    membership.save(update_fields=["is_contact"])
    action = MembershipLogEntry.Action.CONTACT_NAMED if is_contact else MembershipLogEntry.Action.CONTACT_REVOKED
    _log(membership=membership, action=action, by=by)
    return membership


def organisation_save(*, organisation=None, name, kind, website="", contact="", short_name="", by):
    if not by.has_perm("core.manage_organisations"):
        raise PermissionDenied("Nur die Koordinationsstelle legt Organisationen an und bearbeitet sie.")
    organisation = organisation or Organisation()
    organisation.name = name.strip()
    organisation.short_name = short_name.strip()
    organisation.kind = kind
    organisation.website = website
    organisation.contact = contact.strip()
    organisation.full_clean()
    organisation.save()
    return organisation
