from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportSettings(models.Model):
    """The department's own words for the report; one row (pk 1), edited on the reports page."""

    intro_title = models.CharField(_("Überschrift der Einleitung"), max_length=200, default="Einleitung")
    intro_text = models.TextField(
        _("Einleitungstext"), blank=True,
        help_text=_("Absätze durch Leerzeilen trennen. Erscheint als erstes Kapitel des Berichts."),
    )
    intro_plain_text = models.TextField(
        _("Einleitung in einfacher Sprache"), blank=True,
        help_text=_("Kurze Sätze, bekannte Wörter. Steht im Bericht vor dem Einleitungstext."),
    )
    version_label = models.CharField(
        _("Fassung"), max_length=40, default="1.0",
        help_text=_("Erscheint auf dem Titelblatt, z. B. „1.0“ oder „Ratsvorlage 2027“."),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("zuletzt geändert von"))

    class Meta:
        verbose_name = _("Berichtseinstellungen")
        verbose_name_plural = _("Berichtseinstellungen")

    def __str__(self):
        return str(_("Einstellungen des Berichts"))

    @classmethod
    def load(cls):
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class ReportExport(models.Model):
    """One build of the PDF report: its options, its progress and, once done, its file."""

    class Status(models.TextChoices):
        QUEUED = "wartend", _("wartend")
        RUNNING = "laeuft", _("läuft")
        DONE = "fertig", _("fertig")
        FAILED = "fehlgeschlagen", _("fehlgeschlagen")

    ACTIVE_STATES = (Status.QUEUED, Status.RUNNING)

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="report_exports", verbose_name=_("angefordert von"))
    requested_at = models.DateTimeField(_("angefordert am"), auto_now_add=True)
    options = models.JSONField(_("Optionen"), default=dict)
    options_fingerprint = models.CharField(_("Optionen-Kennung"), max_length=64, db_index=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), default=0)
    step = models.CharField(_("aktueller Schritt"), max_length=200, blank=True)
    error = models.TextField(_("Fehlermeldung"), blank=True)
    file = models.FileField(_("Datei"), upload_to="reports/", blank=True)
    file_size = models.PositiveBigIntegerField(_("Dateigröße (Bytes)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("Seitenzahl"), null=True, blank=True)
    started_at = models.DateTimeField(_("begonnen am"), null=True, blank=True)
    finished_at = models.DateTimeField(_("fertig am"), null=True, blank=True)
    # Touched at every step; the stale-job sweep compares against it.
    heartbeat_at = models.DateTimeField(_("letztes Lebenszeichen"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    is_draft = models.BooleanField(_("Entwurf"), default=True)
    is_public = models.BooleanField(
        _("öffentlich abrufbar"), default=False,
        help_text=_("Nur ein fertiger, beschlossener Bericht (kein Entwurf) kann öffentlich gemacht werden."),
    )

    class Meta:
        verbose_name = _("Berichtserstellung")
        verbose_name_plural = _("Berichtserstellungen")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # The database, not only the service, refuses a second running build with the same options.
            models.UniqueConstraint(
                fields=["options_fingerprint"],
                condition=models.Q(status__in=["wartend", "laeuft"]),
                name="one_active_report_per_options",
            ),
        ]

    def __str__(self):
        return f"Bericht Nr. {self.pk} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATES

    @property
    def is_done(self):
        return self.status == self.Status.DONE and bool(self.file)

    @property
    def is_failed(self):
        return self.status == self.Status.FAILED

    @property
    def can_be_public(self):
        return self.is_done and not self.is_draft

    def get_download_url(self):
        return reverse("reports:download", kwargs={"pk": self.pk})

    def download_filename(self):
        # The date as people in Hannover read it: a build finished at 00:30 belongs to that day.
        stamp = timezone.localtime(self.finished_at or self.requested_at).strftime("%Y-%m-%d")
        suffix = "-entwurf" if self.is_draft else ""
        name = "umsetzungsbericht" if self.options.get("kind") == "umsetzung" else "aktionsplan-gegen-armut"
        return f"{name}-{stamp}-nr{self.pk}{suffix}.pdf"
