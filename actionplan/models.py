from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import History
from core.models import Area, DemoContent, FieldOfAction, Organisation, TargetGroup, choice_label
from district_statistics.models import Indicator
from hannover_teilhabe.german_search import search_document
from workshops.models import Outcome


def measure_search_vector():
    """PostgreSQL's German text of a measure, weighted title > summary > description.

    The search (selectors.search_measures) matches on exactly this expression, so PostgreSQL answers
    it from the GIN index below instead of reading every measure's text on each query.
    """
    return (SearchVector("title", weight="A", config="german")
            + SearchVector("summary", weight="B", config="german")
            + SearchVector("description", weight="C", config="german"))


class MeasureQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate each measure's percent complete: its latest progress report's, else 0."""
        latest = (ProgressReport.objects.filter(measure=OuterRef("pk"))
                  .order_by("-reported_on", "-created_at", "-pk").values("percent")[:1])
        return self.annotate(latest_percent=Coalesce(Subquery(latest), 0))


class Measure(DemoContent, models.Model):
    class Status(models.TextChoices):
        IDEA = "idee", _("Idee")
        PLANNING = "planung", _("in Planung")
        IMPLEMENTATION = "umsetzung", _("in Umsetzung")
        DONE = "umgesetzt", _("umgesetzt")
        POSTPONED = "zurueckgestellt", _("zurückgestellt")

    class Publication(models.TextChoices):
        DRAFT = "entwurf", _("Entwurf")
        CONSULTATION = "beteiligung", _("in Beteiligung")
        ADOPTED = "beschlossen", _("beschlossen")

    class Priority(models.TextChoices):
        HIGH = "hoch", _("hoch")
        MEDIUM = "mittel", _("mittel")
        LOW = "niedrig", _("niedrig")

    reference = models.CharField(_("Nummer"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.TextField(_("Kurzbeschreibung"), max_length=600)
    plain_summary = models.TextField(
        _("Zusammenfassung in einfacher Sprache"), max_length=1500, blank=True,
        help_text=_("Kurze Sätze, bekannte Wörter, ein Gedanke pro Satz. Steht auf der Seite der Maßnahme "
                    "und im Bericht zuerst."),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    field_of_action = models.ForeignKey(FieldOfAction, on_delete=models.PROTECT, related_name="measures",
                                        verbose_name=_("Handlungsfeld"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, related_name="measures",
                                           verbose_name=_("Zielgruppen"))
    areas = models.ManyToManyField(Area, blank=True, related_name="measures",
                                   verbose_name=_("Stadtteile / Stadtbezirke"))
    citywide = models.BooleanField(_("gesamtstädtisch"), default=False)
    lead_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="led_measures", verbose_name=_("Federführung"))
    lead_unit = models.CharField(_("federführende Stelle"), max_length=200, blank=True,
                                 help_text=_("z. B. Fachbereich Soziales, Koordinationsstelle Sozialplanung"))
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_measures",
                                      verbose_name=_("Partner"))
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.IDEA)
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    cost_estimate = models.DecimalField(_("geschätzte Kosten (€)"), max_digits=12, decimal_places=2,
                                        null=True, blank=True)
    funding_source = models.CharField(_("Finanzierung"), max_length=200, blank=True)
    cost_note = models.TextField(_("Hinweis zu Kosten"), blank=True)
    priority = models.CharField(_("Priorität"), max_length=10, choices=Priority.choices,
                                default=Priority.MEDIUM)
    publication_state = models.CharField(_("Veröffentlichung"), max_length=20,
                                         choices=Publication.choices, default=Publication.DRAFT)
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="measures",
                                      verbose_name=_("aufgegriffene Workshop-Ergebnisse"))
    # Optimistic locking: a save must name the version it was based on.
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("angelegt von"))
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    # Stemmed title, summary and description for search without PostgreSQL (see german_search);
    # kept current on every save, not part of the measure's history.
    search_document = models.TextField(_("Suchtext"), blank=True, default="", editable=False)

    history = History(m2m_fields=[target_groups, areas, partners, outcomes], excluded_fields=["search_document"])

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["reference"]
        # Created on PostgreSQL only (migration 0006); SQLite searches the stored search_document.
        indexes = [GinIndex(measure_search_vector(), name="measure_search_vector")]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs):
        self.search_document = search_document(self.title, self.summary, self.description)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "summary", "description"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_document"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("actionplan:measure_detail", kwargs={"reference": self.reference})

    def get_status_display(self):
        return choice_label(self.Status, self.status)

    def get_publication_state_display(self):
        return choice_label(self.Publication, self.publication_state)

    @property
    def progress(self):
        """Percent complete: the latest progress report's; there is no second number to keep in step."""
        if hasattr(self, "latest_percent"):
            return self.latest_percent
        if self.pk is None:
            return 0
        latest = self.latest_progress_report
        return latest.percent if latest else 0

    @property
    def latest_progress_report(self):
        if self.pk is None:
            return None
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "progress_reports" in cache:
            reports = sorted(cache["progress_reports"], key=ProgressReport.sort_key, reverse=True)
            return reports[0] if reports else None
        return self.progress_reports.order_by("-reported_on", "-created_at", "-pk").first()


class StatusChange(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="status_changes",
                                verbose_name=_("Maßnahme"))
    status = models.CharField(_("Status"), max_length=20, choices=Measure.Status.choices)
    changed_at = models.DateTimeField(_("geändert am"), default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("geändert von"))
    note = models.CharField(_("Bemerkung"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")
        ordering = ["measure", "changed_at"]

    def __str__(self):
        return f"{self.measure.reference}: {self.get_status_display()} ({self.changed_at:%d.%m.%Y})"


class Milestone(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones",
                                verbose_name=_("Maßnahme"))
    date = models.DateField(_("Datum"))
    title = models.CharField(_("Meilenstein"), max_length=200)
    done = models.BooleanField(_("erreicht"), default=False)

    class Meta:
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        ordering = ["measure", "date"]

    def __str__(self):
        return self.title


class MeasureIndicator(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicator_links",
                                verbose_name=_("Maßnahme"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="measure_links",
                                  verbose_name=_("Indikator"))
    target_text = models.CharField(_("Ziel"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Indikator der Maßnahme")
        verbose_name_plural = _("Indikatoren der Maßnahme")
        constraints = [
            models.UniqueConstraint(fields=["measure", "indicator"], name="unique_measure_indicator"),
        ]

    def __str__(self):
        return f"{self.indicator} – {self.target_text}"


class ConsultationPeriodQuerySet(models.QuerySet):
    def open_at(self, at=None):
        """The one definition of an open consultation: begun, and its end not yet reached."""
        at = at or timezone.now()
        return self.filter(starts_at__lte=at, ends_at__gt=at)


class ConsultationPeriod(models.Model):
    title = models.CharField(_("Bezeichnung"), max_length=200)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    description = models.TextField(_("Beschreibung"), blank=True)

    objects = ConsultationPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("Beteiligungsphase")
        verbose_name_plural = _("Beteiligungsphasen")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="consultation_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def is_open(self, at=None):
        return ConsultationPeriod.objects.open_at(at).filter(pk=self.pk).exists()


class Comment(DemoContent, models.Model):
    class Position(models.TextChoices):
        AGREE = "zustimmung", _("Zustimmung")
        CONCERN = "bedenken", _("Bedenken")
        ADDITION = "ergaenzung", _("Ergänzung")
        PARTICIPATE = "mitwirkung", _("Mitwirkungszusage")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="comments",
                                verbose_name=_("Maßnahme"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="replies", verbose_name=_("Antwort auf"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="comments", verbose_name=_("verfasst von"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="comments", verbose_name=_("im Namen von"))
    position = models.CharField(_("Position"), max_length=20, choices=Position.choices, blank=True)
    text = models.TextField(_("Text"), max_length=5000)
    created_at = models.DateTimeField(_("verfasst am"), auto_now_add=True)
    hidden_at = models.DateTimeField(_("ausgeblendet am"), null=True, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+", verbose_name=_("ausgeblendet von"))
    hidden_reason = models.CharField(_("Grund der Ausblendung"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.organisation or self.author}: {self.text[:40]}"

    def get_absolute_url(self):
        return reverse("actionplan:comment_link", kwargs={"pk": self.pk})

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class Response(models.Model):
    """The administration's official answer to a comment (Abwägung)."""

    class Disposition(models.TextChoices):
        ADOPTED = "uebernommen", _("übernommen")
        PARTLY = "teilweise", _("teilweise übernommen")
        REJECTED = "nicht_uebernommen", _("nicht übernommen")
        NOTED = "kenntnis", _("zur Kenntnis genommen")

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="response",
                                   verbose_name=_("Kommentar"))
    disposition = models.CharField(_("Abwägung"), max_length=20, choices=Disposition.choices)
    reasoning = models.TextField(_("Begründung"), max_length=5000)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+", verbose_name=_("beantwortet von"))
    responded_at = models.DateTimeField(_("beantwortet am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Stellungnahme der Verwaltung")
        verbose_name_plural = _("Stellungnahmen der Verwaltung")

    def __str__(self):
        return f"{self.get_disposition_display()}: {self.reasoning[:40]}"


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports",
                                verbose_name=_("Kommentar"))
    # A report outlives the account of whoever filed it: moderation keeps its record.
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("gemeldet von"))
    reason = models.TextField(_("Grund"), max_length=1000)
    created_at = models.DateTimeField(_("gemeldet am"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["created_at"]

    def __str__(self):
        return f"Meldung zu Kommentar {self.comment_id}"


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows",
                             verbose_name=_("Person"))
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="follows",
                                verbose_name=_("Maßnahme"))
    created_at = models.DateTimeField(_("seit"), auto_now_add=True)

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        constraints = [
            models.UniqueConstraint(fields=["user", "measure"], name="unique_follow"),
        ]

    def __str__(self):
        return f"{self.user} folgt {self.measure}"


class ProgressReport(DemoContent, models.Model):
    """A dated Sachstand from the lead; the newest one sets the measure's percent complete."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="progress_reports",
                                verbose_name=_("Maßnahme"))
    reported_on = models.DateField(_("Stand vom"), default=timezone.localdate)
    title = models.CharField(_("Überschrift"), max_length=200)
    text = models.TextField(_("Bericht"), max_length=5000)
    percent = models.PositiveSmallIntegerField(_("Fortschritt (%)"), validators=[MaxValueValidator(100)])
    milestone = models.ForeignKey(Milestone, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="progress_reports", verbose_name=_("erreichter Meilenstein"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("erfasst von"))
    created_at = models.DateTimeField(_("erfasst am"), default=timezone.now)

    history = History()

    class Meta:
        verbose_name = _("Sachstand")
        verbose_name_plural = _("Sachstände")
        ordering = ["measure", "-reported_on", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="progress_percent_at_most_100"),
        ]

    def __str__(self):
        return f"{self.measure.reference}: {self.title} ({self.reported_on:%d.%m.%Y}, {self.percent} %)"

    @staticmethod
    def sort_key(report):
        return (report.reported_on, report.created_at, report.pk or 0)


class ProgressReportRequest(models.Model):
    """Planung asks the lead for a Sachstand; the request is open until a report newer than it exists."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="progress_requests",
                                verbose_name=_("Maßnahme"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+", verbose_name=_("angefordert von"))
    requested_at = models.DateTimeField(_("angefordert am"), default=timezone.now)
    note = models.CharField(_("Nachricht an die Federführung"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Anforderung eines Sachstands")
        verbose_name_plural = _("Anforderungen von Sachständen")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.measure.reference}: Sachstand angefordert am {self.requested_at:%d.%m.%Y}"
