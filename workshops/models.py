from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import History
from core.models import Area, DemoContent, FieldOfAction, Organisation, TargetGroup, choice_label
from hannover_teilhabe.german_search import search_document


class Event(DemoContent, models.Model):
    """A Fachtag or a later round of the action plan's participation."""

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzadresse"), max_length=200, unique=True)
    date = models.DateField(_("Datum"))
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    organiser = models.CharField(_("Veranstalter"), max_length=200, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    is_public = models.BooleanField(
        _("öffentlich sichtbar"), default=False,
        help_text=_("Erst dann sehen auch nicht angemeldete Besucher*innen die Ergebnisse."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["-date", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:event_detail", kwargs={"slug": self.slug})


class Workshop(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="workshops",
                              verbose_name=_("Veranstaltung"))
    number = models.PositiveSmallIntegerField(_("Nummer"))
    title = models.CharField(_("Titel"), max_length=200)
    topic = models.TextField(_("Thema"), blank=True)
    moderators = models.CharField(_("Moderation"), max_length=300, blank=True)
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="workshops",
                                           verbose_name=_("beteiligte Organisationen"))
    participant_count = models.PositiveIntegerField(_("Zahl der Teilnehmenden"), null=True, blank=True)
    notes = models.TextField(_("Notizen / Protokoll"), blank=True)

    class Meta:
        verbose_name = _("Workshop")
        verbose_name_plural = _("Workshops")
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="unique_workshop_number"),
        ]

    def __str__(self):
        return f"Workshop {self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("workshops:board", kwargs={"pk": self.pk})


class Outcome(models.Model):
    """One result a workshop wrote on its flip chart."""

    class Kind(models.TextChoices):
        WORKS = "erfolgreich", _("bereits erfolgreich umgesetzt")
        IMPROVE = "verbesserung", _("Verbesserungsbedarf")
        URGENT = "dringend", _("dringendes Problem")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="outcomes",
                                 verbose_name=_("Workshop"))
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    existing_offer = models.CharField(
        _("bestehendes Angebot"), max_length=200, blank=True,
        help_text=_("Nur bei „bereits erfolgreich umgesetzt“: z. B. ein Familienzentrum oder Quartiersprojekt."),
    )
    field_of_action = models.ForeignKey(FieldOfAction, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="outcomes", verbose_name=_("Handlungsfeld"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, related_name="outcomes",
                                           verbose_name=_("Zielgruppen"))
    areas = models.ManyToManyField(Area, blank=True, related_name="outcomes",
                                   verbose_name=_("Stadtteile / Stadtbezirke"))
    citywide = models.BooleanField(_("gesamtstädtisch"), default=False)
    # More dots than a Fachtag could ever hand out is a typing slip, not a weight.
    MAX_WEIGHT = 10_000

    weight = models.PositiveIntegerField(
        _("Gewichtung"), default=0, help_text=_("z. B. Zahl der Klebepunkte im Workshop"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("erfasst von"))
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    # Stemmed title, description and existing offer, so the search finds inflected German forms on
    # PostgreSQL and SQLite alike (see german_search); kept current on every save, not in the history.
    search_document = models.TextField(_("Suchtext"), blank=True, default="", editable=False)

    history = History(m2m_fields=[target_groups, areas], excluded_fields=["search_document"])

    class Meta:
        verbose_name = _("Ergebnis")
        verbose_name_plural = _("Ergebnisse")
        ordering = ["workshop", "kind", "-weight", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.refresh_search_document()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "description", "existing_offer"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_document"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workshops:outcome_detail", kwargs={"pk": self.pk})

    def get_kind_display(self):
        return choice_label(self.Kind, self.kind)

    def refresh_search_document(self):
        self.search_document = search_document(self.title, self.description, self.existing_offer)
