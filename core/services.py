import datetime
import decimal

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Membership, MembershipLogEntry, Organisation, User
from core.permissions import COORDINATION_GROUP, DEPARTMENT_GROUP


def profile_update(*, user: User, display_name: str) -> User:
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    return user


def _site_url(name: str) -> str:
    return f"{settings.SITE_URL}{reverse(name)}"


def _mail(*, subject: str, body: str, to: list[str]) -> None:
    """A mail about a committed change leaves through the outbox, in the caller's transaction."""
    from core import outbox, tasks

    outbox.enqueue(tasks.send_plain_mail.name, f"{settings.EMAIL_SUBJECT_PREFIX}{subject}", body, list(to))


def membership_confirmers(organisation: Organisation) -> list[str]:
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


def membership_request(*, user: User, organisation: Organisation) -> tuple[Membership, bool]:
    """Ask to speak for an organisation; the Koordinationsstelle or the organisation's contact confirms."""
    from core import outbox, tasks

    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, organisation=organisation)
        if created:
            outbox.enqueue(tasks.notify_membership_request.name, membership.pk)
    return membership, created


def tell_confirmers(*, membership: Membership) -> None:
    user, organisation = membership.user, membership.organisation
    recipients = membership_confirmers(organisation)
    if not recipients:
        return
    send_mail(
        settings.EMAIL_SUBJECT_PREFIX
        + _("Mitgliedschaft bestätigen: %(organisation)s") % {"organisation": organisation},
        _("%(person)s <%(email)s> möchte im Namen von „%(organisation)s“ Stellung nehmen.\n\n"
          "Bitte prüfen Sie die Anfrage und bestätigen oder lehnen Sie sie ab: %(url)s") % {
            "person": user.get_display_name(), "email": user.email, "organisation": organisation,
            "url": _site_url("core:memberships")},
        None,
        recipients,
    )


# --- Personal data (DSGVO Art. 15, 17, 20) -------------------------------------------------------

EXPORT_USER_FIELDS = ("email", "display_name", "first_name", "last_name", "date_joined", "last_login",
                      "is_active", "is_staff")


def _plain(value: object) -> object:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)


def _row(obj: models.Model) -> dict:
    """Every stored field of one row; a link to another row as its id and, unless it is a person
    (whose name is not ours to hand out), its name."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            if related_id is None:
                data[field.name] = None
            elif field.related_model is User:
                data[field.name] = {"id": related_id}
            else:
                data[field.name] = {"id": related_id, "name": str(getattr(obj, field.name))}
        elif field.name != "password":
            data[field.name] = _plain(field.value_from_object(obj))
    return data


def _rows_linked_to(user: User) -> dict:
    """Every row anywhere on the platform that points at this person, grouped by what it is
    and how it points (comments written, comments reported, follows …). Found from the models
    themselves, so a new kind of data is part of the export without anyone remembering it."""
    sections = {}
    for relation in User._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and relation.one_to_many) or relation.related_model is None:
            continue
        model, field = relation.related_model, relation.field
        rows = model._default_manager.filter(**{field.name: user}).order_by("pk")
        if rows.exists():
            key = f"{model._meta.label_lower}.{field.name}"
            sections[key] = {
                "beschreibung": f"{model._meta.verbose_name_plural} ({field.verbose_name})",
                "eintraege": [_row(row) for row in rows],
            }
    return sections


def personal_data_export(*, user: User) -> dict:
    """Everything the platform holds about a person, for Art. 15 (access) and 20 (portability)."""
    profile = {name: _plain(getattr(user, name)) for name in EXPORT_USER_FIELDS}
    profile["gruppen"] = sorted(user.groups.values_list("name", flat=True))
    return {
        "erstellt_am": timezone.now().isoformat(),
        "plattform": settings.SITE_NAME,
        "hinweis": _("Alle Daten, die die Plattform zu Ihrem Konto speichert (DSGVO Art. 15 und 20)."),
        "profil": profile,
        "daten": _rows_linked_to(user),
    }


class AccountDeletionRefused(ValidationError):
    pass


@transaction.atomic
def account_delete(*, user: User, password: str) -> None:
    """Art. 17: the person deletes their own account. What they wrote stays, attributed to their
    organisation as "ehemaliges Mitglied" (Comment.author is set to NULL); moderation reports they
    filed and the membership log's decisions about them stay as records without the person (the log
    kept their name and address as text); memberships, follows and e-mail addresses go."""
    if not user.check_password(password or ""):
        raise AccountDeletionRefused({"password": _("Das Passwort stimmt nicht. Ihr Konto bleibt bestehen.")})
    if user.is_superuser and not User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists():
        raise AccountDeletionRefused(
            _("Das ist das letzte Verwaltungskonto der Plattform. Legen Sie zuerst ein weiteres an, "
            "bevor Sie dieses löschen.")
        )
    MembershipLogEntry.objects.filter(person=user).update(person_name="")
    # The administration's own log names an edited account by its display name.
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).update(
        object_repr=_("gelöschtes Konto"))
    user.delete()
def _require(by: User, organisation: Organisation) -> None:
    if not by.has_perm("core.manage_members", organisation):
        raise PermissionDenied(_("Sie dürfen die Mitglieder dieser Organisation nicht verwalten."))


def _log(*, membership: Membership, action: str, by: User | None, reason: str = "") -> MembershipLogEntry:
    return MembershipLogEntry.objects.create(
        organisation=membership.organisation, person=membership.user,
        person_name=f"{membership.user.get_display_name()} <{membership.user.email}>",
        action=action, reason=reason, by=by,
    )


@transaction.atomic
def membership_confirm(*, membership: Membership, by: User) -> Membership:
    _require(by, membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.confirmed:
        return membership
    membership.confirmed = True
    membership.save(update_fields=["confirmed"])
    _log(membership=membership, action=MembershipLogEntry.Action.CONFIRMED, by=by)
    user, organisation = membership.user, membership.organisation
    _mail(
        subject=_("Mitgliedschaft bestätigt: %(organisation)s") % {"organisation": organisation},
        body=_("Guten Tag %(person)s,\n\nIhre Mitgliedschaft bei „%(organisation)s“ ist bestätigt. "
               "Sie können jetzt im Namen Ihrer Organisation Stellung nehmen: %(url)s\n") % {
            "person": user.get_display_name(), "organisation": organisation, "url": _site_url("actionplan:index")},
        to=[user.email],
    )
    return membership


@transaction.atomic
def membership_decline(*, membership: Membership, reason: str, by: User) -> None:
    """Decline a pending request; the person learns why and may ask again later."""
    _require(by, membership.organisation)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte geben Sie einen Grund an; die Person erhält ihn per E-Mail.")})
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.confirmed:
        raise ValidationError(_("Diese Mitgliedschaft ist bereits bestätigt; Sie können sie nur noch entfernen."))
    _log(membership=membership, action=MembershipLogEntry.Action.DECLINED, by=by, reason=reason)
    _end(membership, subject=_("Mitgliedschaft abgelehnt"),
         text=_("Ihre Anfrage, im Namen von „{org}“ Stellung zu nehmen, wurde abgelehnt."), reason=reason)


@transaction.atomic
def membership_remove(*, membership: Membership, reason: str, by: User) -> None:
    _require(by, membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _log(membership=membership, action=MembershipLogEntry.Action.REMOVED, by=by, reason=reason.strip())
    _end(membership, subject=_("Mitgliedschaft beendet"),
         text=_("Ihre Mitgliedschaft bei „{org}“ auf der Plattform wurde beendet."), reason=reason.strip())


def _end(membership: Membership, *, subject: str, text: str, reason: str) -> None:
    user, organisation = membership.user, membership.organisation
    membership.delete()
    body = _("Guten Tag %(person)s,") % {"person": user.get_display_name()} + f"\n\n{text.format(org=organisation)}\n"
    if reason:
        body += "\n" + _("Begründung: %(reason)s") % {"reason": reason} + "\n"
    body += "\n" + _("Bei Fragen wenden Sie sich bitte an die Koordinationsstelle Sozialplanung. "
                     "Ihr Konto: %(url)s") % {"url": _site_url("core:profile")} + "\n"
    _mail(subject=f"{subject}: {organisation}", body=body, to=[user.email])


@transaction.atomic
def membership_set_contact(*, membership: Membership, is_contact: bool, by: User) -> Membership:
    if not by.has_perm("core.manage_organisations"):
        raise PermissionDenied(_("Nur die Koordinationsstelle benennt Ansprechpersonen."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if is_contact and not membership.confirmed:
        raise ValidationError(_("Nur bestätigte Mitglieder können Ansprechperson sein."))
    if membership.is_contact == is_contact:
        return membership
    membership.is_contact = is_contact
    membership.save(update_fields=["is_contact"])
    action = MembershipLogEntry.Action.CONTACT_NAMED if is_contact else MembershipLogEntry.Action.CONTACT_REVOKED
    _log(membership=membership, action=action, by=by)
    return membership


def organisation_save(*, organisation: Organisation | None = None, name: str, kind: str, website: str = "",
                      contact: str = "", short_name: str = "", by: User) -> Organisation:
    if not by.has_perm("core.manage_organisations"):
        raise PermissionDenied(_("Nur die Koordinationsstelle legt Organisationen an und bearbeitet sie."))
    organisation = organisation or Organisation()
    organisation.name = name.strip()
    organisation.short_name = short_name.strip()
    organisation.kind = kind
    organisation.website = website
    organisation.contact = contact.strip()
    organisation.full_clean()
    organisation.save()
    return organisation
