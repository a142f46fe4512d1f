from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.masterdata import german_slugify


def choice_label(choices, value):
    """What get_FOO_display() answers for a field with TextChoices, in the active language.

    Django's own builds the field's whole list of choices and hashes every lazily translated label
    (a translation lookup each) on every call; lists of measures call it twice per row.
    """
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class DemoContent(models.Model):
    """Rows created by `seed_demo` carry this flag so every page can label them."""

    is_demo = models.BooleanField(_("Demo-Inhalt"), default=False, editable=False)

    class Meta:
        abstract = True


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError(_("Eine E-Mail-Adresse ist erforderlich."))
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(DemoContent, AbstractUser):
    """A person who logs in with an e-mail address; there is no user name."""

    username = None
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    display_name = models.CharField(
        _("Anzeigename"), max_length=120, blank=True,
        help_text=_("So erscheint die Person auf der Plattform, z. B. „Dr. Anna Schmidt“."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    class Meta:
        verbose_name = _("Benutzer*in")
        verbose_name_plural = _("Benutzer*innen")
        ordering = ["email"]

    def __str__(self):
        return self.get_display_name()

    @property
    def public_name(self):
        """The name others may see; never the e-mail address, which stays private."""
        return self.display_name or f"{self.first_name} {self.last_name}".strip()

    def get_display_name(self):
        return self.public_name or str(_("Konto ohne Anzeigenamen"))

    def get_short_name(self):
        return self.first_name or self.get_display_name()


class Organisation(DemoContent, models.Model):
    class Kind(models.TextChoices):
        ADMINISTRATION = "verwaltung", _("Verwaltung")
        WELFARE = "wohlfahrtsverband", _("Wohlfahrtsverband")
        CLUB = "verein", _("Verein")
        INITIATIVE = "initiative", _("Initiative")
        HOUSING = "wohnungswirtschaft", _("Wohnungswirtschaft")
        POLITICS = "politik", _("Politik")
        OTHER = "sonstige", _("Sonstige")

    name = models.CharField(_("Name"), max_length=200, unique=True)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    website = models.URLField(_("Website"), blank=True)
    contact = models.CharField(
        _("Kontakt"), max_length=200, blank=True,
        help_text=_("Wie die Koordinationsstelle die Organisation erreicht, z. B. E-Mail-Adresse oder Telefon."),
    )
    members = models.ManyToManyField(
        User, through="Membership", related_name="organisations", verbose_name=_("Mitglieder")
    )

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person belongs to an organisation; only a confirmed membership lets them speak for it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("Person"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="memberships", verbose_name=_("Organisation"))
    confirmed = models.BooleanField(
        _("bestätigt"), default=False,
        help_text=_("Erst bestätigte Mitglieder dürfen im Namen der Organisation kommentieren."),
    )
    is_contact = models.BooleanField(
        _("Ansprechperson"), default=False,
        help_text=_("Ansprechpersonen bestätigen und entfernen die Mitglieder ihrer eigenen Organisation."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership"),
        ]

    def __str__(self):
        state = _("bestätigt") if self.confirmed else _("unbestätigt")
        return f"{self.user} – {self.organisation} ({state})"


class MembershipLogEntry(models.Model):
    """Who confirmed, declined or removed whom: kept even when the membership row is gone."""

    class Action(models.TextChoices):
        CONFIRMED = "bestaetigt", _("bestätigt")
        DECLINED = "abgelehnt", _("abgelehnt")
        REMOVED = "entfernt", _("entfernt")
        CONTACT_NAMED = "ansprechperson", _("als Ansprechperson benannt")
        CONTACT_REVOKED = "ansprechperson_entzogen", _("nicht mehr Ansprechperson")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="membership_log",
                                     verbose_name=_("Organisation"))
    person = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                               verbose_name=_("Person"))
    # The name stays readable in the log after the membership ends; deleting the account empties it.
    person_name = models.CharField(_("Name der Person"), max_length=200)
    action = models.CharField(_("Vorgang"), max_length=30, choices=Action.choices)
    reason = models.TextField(_("Begründung"), blank=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                           verbose_name=_("durch"))
    at = models.DateTimeField(_("am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Protokolleintrag Mitgliedschaft")
        verbose_name_plural = _("Protokoll der Mitgliedschaften")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.person_name or _('gelöschtes Konto')} – {self.organisation}: {self.get_action_display()}"


class Area(models.Model):
    """The city, its 13 Stadtbezirke and 51 Stadtteile, with the city's official numbers."""

    class Kind(models.TextChoices):
        """The one vocabulary of area levels: values, labels, plurals and the words people write."""

        CITY = "stadt", _("Gesamtstadt")
        DISTRICT = "bezirk", _("Stadtbezirk")
        QUARTER = "stadtteil", _("Stadtteil")

        @property
        def plural(self) -> str:
            # Lazy, so module-level tables built from it speak the reader's language.
            return AREA_KIND_PLURALS[self]

        @classmethod
        def from_word(cls, word: str) -> "Area.Kind | None":
            """The level a person means by 'Stadtteile', 'Bezirk', 'Gesamtstadt' … (lower case)."""
            return AREA_KIND_WORDS.get(word)

        @classmethod
        def subdivisions(cls) -> list["Area.Kind"]:
            """The levels a map, ranking or comparison is drawn for."""
            return [cls.QUARTER, cls.DISTRICT]

        @classmethod
        def subdivision_choices(cls) -> list[tuple[str, str]]:
            return [(kind.value, kind.plural) for kind in cls.subdivisions()]

    kind = models.CharField(_("Ebene"), max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("amtliche Nummer"), null=True, blank=True)
    name = models.CharField(_("Name"), max_length=100)
    key = models.SlugField(
        _("Schlüssel"), max_length=40, unique=True,
        help_text=_("Fester Schlüssel für Importe, z. B. „stadtteil-10“ oder „bezirk-2“."),
    )
    slug = models.SlugField(_("Kurzadresse"), max_length=100, unique=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("gehört zu"))
    # The open-data catalogue's modification date of the areas dataset.
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Gebiet")
        verbose_name_plural = _("Gebiete")
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="unique_area_number"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = german_slugify(f"{self.get_kind_display()} {self.name}")
        super().save(*args, **kwargs)

    @property
    def label(self):
        if self.kind == self.Kind.CITY:
            return self.name
        return f"{self.name} ({self.get_kind_display()})"

    @staticmethod
    def make_key(kind, number):
        return "stadt" if kind == Area.Kind.CITY else f"{kind}-{number}"



AREA_KIND_PLURALS = {
    Area.Kind.CITY: _("Gesamtstadt"), Area.Kind.DISTRICT: _("Stadtbezirke"), Area.Kind.QUARTER: _("Stadtteile"),
}
# Spellings found in statistics files, published tables and typed place names.
AREA_KIND_WORDS = {
    "stadtteil": Area.Kind.QUARTER, "stadtteile": Area.Kind.QUARTER,
    "stadtbezirk": Area.Kind.DISTRICT, "bezirk": Area.Kind.DISTRICT, "stadtbezirke": Area.Kind.DISTRICT,
    "bezirke": Area.Kind.DISTRICT, "stadt": Area.Kind.CITY, "gesamtstadt": Area.Kind.CITY,
}

class MasterData(models.Model):
    name = models.CharField(_("Bezeichnung"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_active = models.BooleanField(
        _("aktiv"), default=True, help_text=_("Inaktive Einträge stehen für neue Einträge nicht mehr zur Auswahl."),
    )


    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class FieldOfAction(MasterData):
    class Meta(MasterData.Meta):
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")


class TargetGroup(MasterData):
    class Meta(MasterData.Meta):
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")


class SitePage(models.Model):
    """Editable legal pages (Impressum, Datenschutz, Barrierefreiheit)."""

    slug = models.SlugField(_("Adresse"), unique=True)
    title = models.CharField(_("Titel"), max_length=120)
    body = models.TextField(_("Text"), help_text=_("Absätze durch Leerzeilen trennen."))
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")

    def __str__(self):
        return self.title


class PendingUpload(models.Model):
    """An uploaded table between its preview and the planner's confirmation (hannover_teilhabe.uploads).

    The table is read once, within budgets, and kept here as rows of cells; the preview and the
    confirmation work from these rows and never read the file again. The row is also the lock that
    makes two confirmations of the same upload import it once.
    """

    token = models.CharField(max_length=32, unique=True, editable=False)
    kind = models.CharField(_("Art des Imports"), max_length=40)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="pending_uploads")
    filename = models.CharField(_("Dateiname"), max_length=255)
    options = models.JSONField(default=dict)
    table = models.JSONField()
    created_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("wartender Import")
        verbose_name_plural = _("wartende Importe")
        indexes = [models.Index(fields=["owner", "kind"])]

    def __str__(self):
        return self.filename


class OutboxMessage(models.Model):
    """A side effect of a committed change (a mail, a build), written in the same transaction.

    Handed to Celery after the commit; while the broker is away it waits here and the beat task
    `core.resend_outbox` (or `manage.py outbox_send`) hands it over again. `delivered_at` makes
    delivery idempotent: a second copy of the task finds the row delivered and does nothing.
    """

    handler = models.CharField(_("Aufgabe"), max_length=100)
    args = models.JSONField(_("Argumente"), default=list)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    published_at = models.DateTimeField(_("an den Hintergrunddienst übergeben am"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("ausgeführt am"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    last_error = models.TextField(_("letzter Fehler"), blank=True)

    class Meta:
        verbose_name = _("ausstehende Hintergrundaufgabe")
        verbose_name_plural = _("ausstehende Hintergrundaufgaben")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["created_at"], condition=models.Q(delivered_at__isnull=True),
                         name="outbox_pending_idx"),
        ]

    def __str__(self):
        return f"{self.handler} {self.args}"
