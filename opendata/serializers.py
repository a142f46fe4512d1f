"""How each resource looks as data: German field names, as in the statistics JSON export."""

from functools import cache

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from district_statistics.numbers import EXAMPLE_DATA_NOTE, present_value
from opendata.geometry import geometry_of
from opendata.licence import GEODATA_LICENCE, city_licence, indicator_source


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else url


class PageUrlField(serializers.Field):
    """The address of the object's page on the platform."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return _absolute(self.context.get("request"), instance.get_absolute_url())


extend_schema_field(OpenApiTypes.URI)(PageUrlField)


class SlugListField(serializers.ListField):
    """The given attribute of each related object, e.g. the keys of a measure's areas."""

    def __init__(self, slug_field, child=None, **kwargs):
        self.slug_field = slug_field
        super().__init__(child=child or serializers.CharField(), read_only=True, **kwargs)

    def to_representation(self, value):
        items = value.all() if hasattr(value, "all") else value
        return [getattr(item, self.slug_field) for item in items]


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_bezeichnung = serializers.CharField(source="get_status_display")
    geaendert_am = serializers.DateTimeField(source="changed_at")
    bemerkung = serializers.CharField(source="note")


class MilestoneSerializer(serializers.Serializer):
    datum = serializers.DateField(source="date")
    titel = serializers.CharField(source="title")
    erreicht = serializers.BooleanField(source="done")


class MeasureIndicatorSerializer(serializers.Serializer):
    indikator = serializers.CharField(source="indicator.key")
    name = serializers.CharField(source="indicator.name")
    ziel = serializers.CharField(source="target_text")


class MeasureSerializer(serializers.Serializer):
    nummer = serializers.CharField(source="reference", help_text="Feste Kennung der Maßnahme, z. B. „M-2026-001“.")
    titel = serializers.CharField(source="title")
    kurzbeschreibung = serializers.CharField(source="summary")
    beschreibung = serializers.CharField(source="description")
    handlungsfeld = serializers.CharField(source="field_of_action.name")
    zielgruppen = SlugListField("name", source="target_group_list")
    gebiete = SlugListField("key", source="area_list",
                                           help_text="Schlüssel der Gebiete (siehe /api/v1/gebiete/).")
    gesamtstaedtisch = serializers.BooleanField(source="citywide")
    federfuehrung = serializers.CharField(source="lead_organisation.name", allow_null=True, default=None)
    federfuehrende_stelle = serializers.CharField(source="lead_unit")
    partner = SlugListField("name", source="partner_list")
    status = serializers.CharField()
    status_bezeichnung = serializers.CharField(source="get_status_display")
    fortschritt = serializers.IntegerField(source="progress", help_text="in Prozent")
    prioritaet = serializers.CharField(source="priority")
    veroeffentlichung = serializers.CharField(source="publication_state")
    beginn = serializers.DateField(source="start_date", allow_null=True)
    ende = serializers.DateField(source="end_date", allow_null=True)
    geschaetzte_kosten = serializers.DecimalField(source="cost_estimate", max_digits=12, decimal_places=2,
                                                  coerce_to_string=False, allow_null=True)
    finanzierung = serializers.CharField(source="funding_source")
    statusverlauf = StatusChangeSerializer(source="status_change_list", many=True)
    meilensteine = MilestoneSerializer(source="milestone_list", many=True)
    ergebnisse = SlugListField("pk", child=serializers.IntegerField(), source="outcome_list",
                                                    help_text="Kennungen der aufgegriffenen Workshop-Ergebnisse.")
    indikatoren = MeasureIndicatorSerializer(source="indicator_link_list", many=True)
    kommentare = serializers.IntegerField(source="comment_count", help_text="Zahl der sichtbaren Kommentare")
    demo_inhalt = serializers.BooleanField(source="is_demo")
    geaendert_am = serializers.DateTimeField(source="updated_at")
    seite = PageUrlField()

    def to_representation(self, measure):
        # The fields above describe the answer (the schema is generated from them, and a test holds
        # the keys equal); the answer itself is built directly: DRF's walk through some 40 fields
        # and three nested serializers per measure cost more than the page's queries.
        date, stamp = _DATE.to_representation, _DATETIME.to_representation
        data = {
            "nummer": measure.reference,
            "titel": measure.title,
            "kurzbeschreibung": measure.summary,
            "beschreibung": measure.description,
            "handlungsfeld": measure.field_of_action.name,
            "zielgruppen": [group.name for group in measure.target_group_list],
            "gebiete": [area.key for area in measure.area_list],
            "gesamtstaedtisch": measure.citywide,
            "federfuehrung": measure.lead_organisation.name if measure.lead_organisation else None,
            "federfuehrende_stelle": measure.lead_unit,
            "partner": [partner.name for partner in measure.partner_list],
            "status": measure.status,
            "status_bezeichnung": measure.get_status_display(),
            "fortschritt": measure.progress,
            "prioritaet": measure.priority,
            "veroeffentlichung": measure.publication_state,
            "beginn": date(measure.start_date) if measure.start_date else None,
            "ende": date(measure.end_date) if measure.end_date else None,
            "geschaetzte_kosten": measure.cost_estimate,
            "finanzierung": measure.funding_source,
            "statusverlauf": [
                {"status": change.status, "status_bezeichnung": change.get_status_display(),
                 "geaendert_am": stamp(change.changed_at), "bemerkung": change.note}
                for change in measure.status_change_list
            ],
            "meilensteine": [
                {"datum": date(milestone.date), "titel": milestone.title, "erreicht": milestone.done}
                for milestone in measure.milestone_list
            ],
            "ergebnisse": [outcome.pk for outcome in measure.outcome_list],
            "indikatoren": [
                {"indikator": link.indicator.key, "name": link.indicator.name, "ziel": link.target_text}
                for link in measure.indicator_link_list
            ],
            "kommentare": measure.comment_count,
            "demo_inhalt": measure.is_demo,
            "geaendert_am": stamp(measure.updated_at),
            "seite": _absolute(self.context.get("request"), measure.get_absolute_url()),
        }
        # Fields a subclass adds (a single record's licence) are read the usual way.
        for field in self._readable_fields:
            if field.field_name not in data:
                data[field.field_name] = field.to_representation(field.get_attribute(measure))
        return data


_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


class WorkshopSerializer(serializers.Serializer):
    nummer = serializers.IntegerField(source="number")
    titel = serializers.CharField(source="title")
    thema = serializers.CharField(source="topic")
    moderation = serializers.CharField(source="moderators")
    teilnehmende = serializers.IntegerField(source="participant_count", allow_null=True)


class EventSerializer(serializers.Serializer):
    kennung = serializers.SlugField(source="slug")
    titel = serializers.CharField(source="title")
    datum = serializers.DateField(source="date")
    ort = serializers.CharField(source="place")
    veranstalter = serializers.CharField(source="organiser")
    beschreibung = serializers.CharField(source="description")
    oeffentlich = serializers.BooleanField(source="is_public")
    workshops = WorkshopSerializer(many=True)
    demo_inhalt = serializers.BooleanField(source="is_demo")
    geaendert_am = serializers.DateTimeField(source="updated_at")
    seite = PageUrlField()


class OutcomeSerializer(serializers.Serializer):
    kennung = serializers.IntegerField(source="pk")
    titel = serializers.CharField(source="title")
    beschreibung = serializers.CharField(source="description")
    art = serializers.CharField(source="kind")
    art_bezeichnung = serializers.CharField(source="get_kind_display")
    bestehendes_angebot = serializers.CharField(source="existing_offer")
    handlungsfeld = serializers.CharField(source="field_of_action.name", allow_null=True, default=None)
    zielgruppen = SlugListField("name", source="target_groups")
    gebiete = SlugListField("key", source="areas")
    gesamtstaedtisch = serializers.BooleanField(source="citywide")
    gewichtung = serializers.IntegerField(source="weight")
    veranstaltung = serializers.SlugField(source="workshop.event.slug")
    workshop = serializers.IntegerField(source="workshop.number")
    workshop_titel = serializers.CharField(source="workshop.title")
    massnahmen = SlugListField("reference", source="visible_measures",
                               help_text="Nummern der Maßnahmen, die es aufgreifen.")
    erfasst_am = serializers.DateTimeField(source="created_at")
    geaendert_am = serializers.DateTimeField(source="updated_at")
    seite = PageUrlField()


class SourceSerializer(serializers.Serializer):
    herausgeber = serializers.CharField()
    veroeffentlichung = serializers.CharField()
    url = serializers.CharField()
    lizenz = serializers.CharField(help_text="Ohne angegebene Lizenz gilt die der Stadt.")
    namensnennung = serializers.CharField()


class NonTakeUpSerializer(serializers.Serializer):
    quote_von = serializers.DecimalField(source="rate_low", max_digits=5, decimal_places=2, coerce_to_string=False)
    quote_bis = serializers.DecimalField(source="rate_high", max_digits=5, decimal_places=2, coerce_to_string=False)
    quelle = serializers.CharField(source="source")
    url = serializers.CharField(source="source_url")
    hinweis = serializers.CharField(source="note")


class IndicatorSerializer(serializers.Serializer):
    schluessel = serializers.SlugField(source="key")
    name = serializers.CharField()
    definition = serializers.CharField()
    einheit = serializers.CharField(source="unit")
    einheit_bezeichnung = serializers.CharField(source="get_unit_display")
    nachkommastellen = serializers.IntegerField(source="decimals")
    quelle = serializers.SerializerMethodField()
    mindestfallzahl = serializers.IntegerField(
        source="suppression_threshold", allow_null=True,
        help_text="Werte aus weniger Fällen werden nicht ausgewiesen (wert ist dann null).",
    )
    hoeherer_wert_bedeutet_mehr_armut = serializers.BooleanField(source="higher_is_worse")
    schluesselindikator = serializers.BooleanField(source="is_key_indicator")
    beispieldaten = serializers.BooleanField(source="is_example_data")
    hinweis = serializers.SerializerMethodField()
    dunkelziffer = serializers.SerializerMethodField()
    jahr_von = serializers.IntegerField(source="first_year", allow_null=True)
    jahr_bis = serializers.IntegerField(source="last_year", allow_null=True)
    seite = PageUrlField()

    @extend_schema_field(SourceSerializer)
    def get_quelle(self, indicator):
        return indicator_source(indicator)

    @extend_schema_field(OpenApiTypes.STR)
    def get_hinweis(self, indicator):
        return EXAMPLE_DATA_NOTE if indicator.is_example_data else ""

    @extend_schema_field(NonTakeUpSerializer(allow_null=True))
    def get_dunkelziffer(self, indicator):
        if not indicator.counts_benefit_recipients:
            return None
        estimate = getattr(indicator, "non_take_up", None)
        return NonTakeUpSerializer(estimate).data if estimate is not None else None


def _number(number):
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


class ValueSerializer(serializers.Serializer):
    """One value after the statistics app's suppression: a suppressed value has wert, zaehler and nenner null."""

    indikator = serializers.SlugField()
    gebiet = serializers.SlugField()
    gebiet_name = serializers.CharField()
    ebene = serializers.CharField()
    jahr = serializers.IntegerField()
    wert = serializers.FloatField(allow_null=True)
    zaehler = serializers.FloatField(allow_null=True)
    nenner = serializers.FloatField(allow_null=True)
    text = serializers.CharField(help_text="Der Wert, wie ihn die Seiten zeigen, z. B. „12,3 %“ oder „< 5 Fälle“.")
    unterdrueckt = serializers.BooleanField(help_text="wegen kleiner Fallzahl nicht ausgewiesen")
    beispieldaten = serializers.BooleanField()

    def to_representation(self, row):
        # `row` is a dict from opendata.selectors.values; the context holds the lookups.
        indicator = self.context["indicators"][row["indicator_id"]]
        area = self.context["areas"][row["area_id"]]
        shown = present_value(indicator, value=row["value"], numerator=row["numerator"],
                              denominator=row["denominator"])
        return {
            "indikator": indicator.key, "gebiet": area.key, "gebiet_name": area.name,
            "ebene": area.kind, "jahr": row["year"], "wert": _number(shown.value),
            "zaehler": _number(shown.numerator), "nenner": _number(shown.denominator), "text": shown.text,
            "unterdrueckt": shown.suppressed, "beispieldaten": indicator.is_example_data,
        }


class AreaSerializer(serializers.Serializer):
    schluessel = serializers.SlugField(source="key")
    name = serializers.CharField()
    ebene = serializers.CharField(source="kind")
    ebene_bezeichnung = serializers.CharField(source="get_kind_display")
    nummer = serializers.IntegerField(source="number", allow_null=True, help_text="amtliche Nummer")
    gehoert_zu = serializers.SlugField(source="parent.key", allow_null=True, default=None)
    geometrie = serializers.SerializerMethodField(
        help_text="Vereinfachte Grenze als GeoJSON-Geometrie (WGS 84); null für die Gesamtstadt."
    )
    seite = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_geometrie(self, area):
        return geometry_of(area)

    @extend_schema_field(OpenApiTypes.URI)
    def get_seite(self, area):
        from django.urls import reverse

        return _absolute(self.context.get("request"), reverse("statistics:area_detail", args=[area.slug]))


class ResponseSerializer(serializers.Serializer):
    abwaegung = serializers.CharField(source="disposition")
    abwaegung_bezeichnung = serializers.CharField(source="get_disposition_display")
    begruendung = serializers.CharField(source="reasoning")
    beantwortet_von = serializers.CharField(source="responded_by.public_name", allow_null=True, default=None)
    geaendert_am = serializers.DateTimeField(source="updated_at")


class CommentSerializer(serializers.Serializer):
    """A comment as the measure page shows it: a hidden one keeps its place, the reason it was hidden
    and the administration's published answer (part of the public record), but not its text."""

    kennung = serializers.IntegerField(source="pk")
    massnahme = serializers.CharField(source="measure.reference")
    antwort_auf = serializers.IntegerField(source="parent_id", allow_null=True)
    organisation = serializers.CharField(source="organisation.name", allow_null=True, default=None)
    verfasst_von = serializers.SerializerMethodField()
    position = serializers.CharField()
    text = serializers.SerializerMethodField()
    verfasst_am = serializers.DateTimeField(source="created_at")
    ausgeblendet_am = serializers.DateTimeField(source="hidden_at", allow_null=True)
    ausblendungsgrund = serializers.SerializerMethodField(
        help_text="Warum das Moderationsteam den Kommentar ausgeblendet hat (wie auf der Seite der Maßnahme).")
    stellungnahme = serializers.SerializerMethodField(
        help_text="Die Antwort der Verwaltung (Abwägung); sie bleibt öffentlich, auch wenn der Kommentar "
                  "ausgeblendet ist.")

    def _shows_hidden(self):
        return self.context.get("sees_hidden", False)

    @extend_schema_field(OpenApiTypes.STR)
    def get_verfasst_von(self, comment):
        # As on the page (comment_author.html): a chosen public name, never the e-mail address.
        if comment.author is None:
            return f"ehemaliges Mitglied von {comment.organisation.name}" if comment.organisation \
                else "ehemaliges Mitglied"
        organisation = comment.organisation.name if comment.organisation else "einer Organisation"
        return comment.author.public_name or f"Mitglied von {organisation}"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_text(self, comment):
        if comment.is_hidden and not self._shows_hidden():
            return None
        return comment.text

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_ausblendungsgrund(self, comment):
        return (comment.hidden_reason or None) if comment.is_hidden else None

    @extend_schema_field(ResponseSerializer(allow_null=True))
    def get_stellungnahme(self, comment):
        # The administration's answer is part of the public record, even to a hidden comment.
        if comment.parent_id is not None:
            return None
        response = getattr(comment, "response", None)
        return ResponseSerializer(response).data if response is not None else None


class ReportSerializer(serializers.Serializer):
    kennung = serializers.IntegerField(source="pk")
    fertig_am = serializers.DateTimeField(source="finished_at")
    entwurf = serializers.BooleanField(source="is_draft")
    seiten = serializers.IntegerField(source="page_count", allow_null=True)
    groesse_bytes = serializers.IntegerField(source="file_size", allow_null=True)
    dateiname = serializers.CharField(source="download_filename")
    herunterladen = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_herunterladen(self, export):
        return _absolute(self.context.get("request"), export.get_download_url())


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    kennung = serializers.CharField()
    url = serializers.URLField()
    namensnennung = serializers.CharField(help_text="So nennen Sie die Herkunft, wenn Sie die Daten verwenden.")


class _LicencedRecord(serializers.Serializer):
    lizenz = serializers.SerializerMethodField(help_text="Lizenz und Namensnennung, wie sie jede Liste im Kopf trägt.")

    @extend_schema_field(LicenceSerializer)
    def get_lizenz(self, instance):
        return city_licence()


class _LicencedArea(_LicencedRecord):
    geodaten_lizenz = serializers.SerializerMethodField(help_text="Lizenz der Grenze (geometrie).")

    @extend_schema_field(LicenceSerializer)
    def get_geodaten_lizenz(self, instance):
        return GEODATA_LICENCE


@cache
def with_licence(serializer_class):
    """One record as the API answers it alone: its fields, then the licence a list carries in its envelope."""
    licenced = _LicencedArea if serializer_class is AreaSerializer else _LicencedRecord
    name = serializer_class.__name__.removesuffix("Serializer")
    return type(f"{name}WithLicenceSerializer", (serializer_class, licenced), {})
