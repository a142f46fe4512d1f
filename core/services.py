import datetime
import decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

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
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation)
    if created:
        transaction.on_commit(lambda: _tell_confirmers(user=user, organisation=organisation))
    return membership, created


def _tell_confirmers(*, user, organisation):
    recipients = membership_confirmers()
    if not recipients:
        return
    send_mail(
        f"{settings.EMAIL_SUBJECT_PREFIX}Mitgliedschaft bestätigen: {organisation}",
        f"{user.get_display_name()} <{user.email}> möchte im Namen von „{organisation}“ Stellung nehmen.\n\n"
        f"Bitte prüfen und bestätigen: {settings.SITE_URL}/verwaltung/core/membership/?confirmed__exact=0",
        None,
        recipients,
        fail_silently=True,
    )


# --- Personal data (DSGVO Art. 15, 17, 20) -------------------------------------------------------

EXPORT_USER_FIELDS = ("email", "display_name", "first_name", "last_name", "date_joined", "last_login",
                      "is_active", "is_staff")


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)


def _row(obj):
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


def _rows_linked_to(user):
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


def personal_data_export(*, user):
    """Everything the platform holds about a person, for Art. 15 (access) and 20 (portability)."""
    profile = {name: _plain(getattr(user, name)) for name in EXPORT_USER_FIELDS}
    profile["gruppen"] = sorted(user.groups.values_list("name", flat=True))
    return {
        "erstellt_am": timezone.now().isoformat(),
        "plattform": settings.SITE_NAME,
        "hinweis": "Alle Daten, die die Plattform zu Ihrem Konto speichert (DSGVO Art. 15 und 20).",
        "profil": profile,
        "daten": _rows_linked_to(user),
    }


class AccountDeletionRefused(ValidationError):
    pass


@transaction.atomic
def account_delete(*, user, password):
    """Art. 17: the person deletes their own account. What they wrote stays, attributed to their
    organisation as "ehemaliges Mitglied" (Comment.author is set to NULL); moderation reports they
    filed stay as records without the person; memberships, follows and e-mail addresses go."""
    if not user.check_password(password or ""):
        raise AccountDeletionRefused({"password": "Das Passwort stimmt nicht. Ihr Konto bleibt bestehen."})
    if user.is_superuser and not User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists():
        raise AccountDeletionRefused(
            "Das ist das letzte Verwaltungskonto der Plattform. Legen Sie zuerst ein weiteres an, "
            "bevor Sie dieses löschen."
        )
    user.delete()
