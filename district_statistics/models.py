from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Area


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERCENT = "prozent", _("Prozent")
        PERSONS = "personen", _("Personen")
        EURO = "euro", _("Euro")
        PER_THOUSAND = "promille", _("je 1.000 Einwohner*innen")
        OTHER = "sonstige", _("sonstige")

    key = models.SlugField(_("Schlüssel"), max_length=60, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    definition = models.TextField(_("Definition"), blank=True)
    unit = models.CharField(_("Einheit"), max_length=20, choices=Unit.choices)
    decimals = models.PositiveSmallIntegerField(_("Nachkommastellen"), default=1)
    source_publisher = models.CharField(_("Herausgeber"), max_length=200, blank=True)
    source_publication = models.CharField(_("Veröffentlichung"), max_length=300, blank=True)
    source_url = models.URLField(_("Quelle (URL)"), blank=True)
    licence = models.CharField(_("Lizenz"), max_length=120, blank=True)
    higher_is_worse = models.BooleanField(_("höherer Wert bedeutet mehr Armut"), default=True)
    counts_benefit_recipients = models.BooleanField(
        _("zählt Leistungsbeziehende"), default=False,
        help_text=_("Dann kann eine Schätzung der Nichtinanspruchnahme (Dunkelziffer) angegeben werden."),
    )
    suppression_threshold = models.PositiveIntegerField(
        _("Mindestfallzahl"), null=True, blank=True,
        help_text=_("Werte aus weniger Fällen werden als „< N“ angezeigt."),
    )
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    is_key_indicator = models.BooleanField(_("Schlüsselindikator (im Bericht)"), default=False)
    is_example_data = models.BooleanField(
        _("Beispieldaten"), default=False,
        help_text=_("Erfundene Werte zur Vorführung; werden überall als „Beispieldaten“ gekennzeichnet."),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("statistics:indicator_detail", kwargs={"key": self.key})


class Value(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("Indikator"))
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="statistic_values",
                             verbose_name=_("Gebiet"))
    year = models.PositiveSmallIntegerField(_("Jahr"))
    value = models.DecimalField(_("Wert"), max_digits=16, decimal_places=4)
    numerator = models.DecimalField(_("Zähler"), max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("Nenner"), max_digits=16, decimal_places=4, null=True, blank=True)
    source_note = models.CharField(_("Quellenhinweis"), max_length=500, blank=True)
    # Set by bulk_create too (imports): the open-data catalogue's modification date per indicator.
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Wert")
        verbose_name_plural = _("Werte")
        ordering = ["indicator", "area", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "year"], name="unique_value_per_year"),
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self):
        return f"{self.indicator} {self.area} {self.year}: {self.value}"


class NonTakeUpEstimate(models.Model):
    """How many entitled people do not claim a benefit: always an estimate with its source."""

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="non_take_up",
                                     verbose_name=_("Indikator"))
    rate_low = models.DecimalField(_("Quote der Nichtinanspruchnahme von (%)"), max_digits=5, decimal_places=2)
    rate_high = models.DecimalField(_("bis (%)"), max_digits=5, decimal_places=2)
    source = models.CharField(_("Quelle"), max_length=300)
    source_url = models.URLField(_("Quelle (URL)"), blank=True)
    note = models.TextField(_("Hinweis"), blank=True)

    class Meta:
        verbose_name = _("Schätzung der Dunkelziffer")
        verbose_name_plural = _("Schätzungen der Dunkelziffer")

    def __str__(self):
        return f"{self.indicator}: {self.rate_low}–{self.rate_high} %"


class ImportLog(models.Model):
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("importiert von"))
    imported_at = models.DateTimeField(_("importiert am"), auto_now_add=True)
    filename = models.CharField(_("Datei"), max_length=255)
    file_format = models.CharField(_("Format"), max_length=20)
    row_count = models.PositiveIntegerField(_("Zeilen"), default=0)
    created_count = models.PositiveIntegerField(_("neu"), default=0)
    replaced_count = models.PositiveIntegerField(_("ersetzt"), default=0)
    skipped_count = models.PositiveIntegerField(_("übersprungen"), default=0)
    note = models.TextField(_("Hinweis"), blank=True)

    class Meta:
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.filename} ({self.imported_at:%d.%m.%Y})"
