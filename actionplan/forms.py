import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplan.models import Comment, ConsultationPeriod, Measure, MeasureIndicator, Milestone, Response
from actionplan.services import (
    DISPOSITION_REQUIRED,
    HIDE_REASON_REQUIRED,
    NOT_A_MEMBER,
    PERCENT_RANGE,
    POSITION_REQUIRED,
    REASONING_REQUIRED,
    REPORT_REASON_REQUIRED,
    TEXT_REQUIRED,
)
from core.choices import QuickSelect
from core.models import Area, FieldOfAction, Organisation, TargetGroup
from core.numbers import format_number
from core.permissions import confirmed_organisation_ids
from hannover_teilhabe.tabular import TableError, parse_decimal
from workshops.models import Outcome


class DateInput(forms.DateInput):
    """German dates typed as people write them (25.11.2026), whatever the browser's own locale."""

    def __init__(self, **kwargs):
        attrs = {"placeholder": "TT.MM.JJJJ", "inputmode": "numeric", "autocomplete": "off", **kwargs.pop("attrs", {})}
        super().__init__(format="%d.%m.%Y", attrs=attrs, **kwargs)


class DateTimeInput(forms.DateTimeInput):
    def __init__(self, **kwargs):
        attrs = {"placeholder": "TT.MM.JJJJ HH:MM", "autocomplete": "off", **kwargs.pop("attrs", {})}
        super().__init__(format="%d.%m.%Y %H:%M", attrs=attrs, **kwargs)


class EuroInput(forms.TextInput):
    """Shows a stored amount as people here write it (1.234.567,50), which EuroField reads back."""

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_number(value, 2, minus="-")
        return super().format_value(value)


class EuroField(forms.DecimalField):
    """An amount in euros as people here type it; malformed grouping is refused (negative ones by the service).

    Django's localized parsing drops every dot, so "1.2.3" would become 123; the shared German
    number parser only accepts dots as thousands separators in groups of three.
    """

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            amount = value
        else:
            text = str(value).strip().removesuffix("€").removesuffix("EUR").strip()
            try:
                if "%" in text:
                    raise TableError("")
                amount = parse_decimal(text)
            except TableError:
                raise ValidationError(
                    _("„%(value)s“ ist kein gültiger Betrag. Schreiben Sie ihn z. B. als 45.000 oder 12.500,50 "
                      "(Punkte nur als Tausendertrennzeichen zwischen Dreiergruppen, Komma vor den Cent)."),
                    code="invalid", params={"value": value},
                )
        return amount


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class OutcomeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.workshop.event.title} · Workshop {obj.workshop.number}: {obj.title} ({obj.get_kind_display()})"


def area_choices():
    """Stadtteile grouped under their Stadtbezirk, each group starting with the whole Bezirk."""
    areas = list(Area.objects.exclude(kind=Area.Kind.CITY).order_by("number"))
    districts = sorted((a for a in areas if a.kind == Area.Kind.DISTRICT), key=lambda a: a.number)
    groups = []
    for district in districts:
        options = [(district.pk, f"{district.name} – ganzer Stadtbezirk")]
        options += [(a.pk, a.name) for a in areas if a.parent_id == district.pk]
        groups.append((f"Stadtbezirk {district.name}", options))
    return groups


class MeasureForm(forms.ModelForm):
    status_note = forms.CharField(
        label=_("Bemerkung zur Statusänderung"), required=False, max_length=300,
        help_text=_("Erscheint im Statusverlauf, wenn sich der Status ändert."),
    )
    # The version the form was opened on; a save based on an older version is refused.
    # Missing or garbled, it becomes None, which the save treats as stale rather than as "current".
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Measure
        fields = [
            "title", "summary", "plain_summary", "description", "field_of_action", "target_groups", "citywide", "areas",
            "lead_organisation", "lead_unit", "partners", "status", "start_date", "end_date",
            "cost_estimate", "funding_source", "cost_note", "priority", "publication_state", "outcomes",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "plain_summary": forms.Textarea(attrs={"rows": 5}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "cost_note": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.CheckboxSelectMultiple,
            "start_date": DateInput(),
            "end_date": DateInput(),
        }
        field_classes = {"areas": AreaChoiceField, "outcomes": OutcomeChoiceField, "cost_estimate": EuroField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["field_of_action"].queryset = FieldOfAction.objects.filter(
            Q(is_active=True) | Q(pk=instance.field_of_action_id or 0)
        )
        self.fields["field_of_action"].empty_label = _("– bitte wählen –")
        current_groups = list(instance.target_groups.values_list("pk", flat=True)) if instance.pk else []
        self.fields["target_groups"].queryset = TargetGroup.objects.filter(Q(is_active=True) | Q(pk__in=current_groups))
        self.fields["areas"].queryset = Area.objects.exclude(kind=Area.Kind.CITY)
        self.fields["areas"].choices = area_choices()
        self.fields["areas"].help_text = _("Mehrere mit Strg (Mac: Cmd) auswählen.")
        self.fields["lead_organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["lead_organisation"].empty_label = _("– keine –")
        self.fields["partners"].queryset = Organisation.objects.order_by("name")
        self.fields["partners"].help_text = _("Mehrere mit Strg (Mac: Cmd) auswählen.")
        self.fields["outcomes"].queryset = Outcome.objects.select_related("workshop__event").order_by(
            "workshop__event__date", "workshop__number", "kind", "title"
        )
        self.fields["outcomes"].required = False
        self.fields["cost_estimate"].localize = True
        self.fields["cost_estimate"].widget = EuroInput(attrs={"inputmode": "decimal"})
        self.fields["cost_estimate"].help_text = _("in Euro, z. B. 45.000 oder 12.500,50")
        if not user.has_perm("actionplan.adopt_measure"):
            if instance.pk and instance.publication_state == Measure.Publication.ADOPTED:
                self.fields["publication_state"].disabled = True
                self.fields["publication_state"].help_text = _("Nur das Dezernat kann einen Beschluss aufheben.")
            else:
                self.fields["publication_state"].choices = [
                    c for c in Measure.Publication.choices if c[0] != Measure.Publication.ADOPTED
                ]
                self.fields["publication_state"].help_text = _("„beschlossen“ setzt das Dezernat.")
        if not self.is_bound:
            self.initial.setdefault("version", instance.version)

    def clean_version(self):
        value = (self.cleaned_data.get("version") or "").strip()
        return int(value) if value.isdigit() else None

    def model_fields(self):
        names = [n for n in self.Meta.fields if n not in ("target_groups", "areas", "partners", "outcomes")]
        return {name: self.cleaned_data[name] for name in names}

    def m2m(self):
        return {name: list(self.cleaned_data[name]) for name in ("target_groups", "areas", "partners", "outcomes")}


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["date", "title", "done"]
        widgets = {"date": DateInput()}


class IndicatorLinkForm(forms.ModelForm):
    class Meta:
        model = MeasureIndicator
        fields = ["indicator", "target_text"]
        labels = {"target_text": _("Ziel (z. B. „Quote sinkt bis 2028 um 2 Punkte“)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from district_statistics.models import Indicator

        self.fields["indicator"].queryset = Indicator.objects.filter(is_published=True)
        self.fields["indicator"].empty_label = _("– bitte wählen –")


class RowFormSet(BaseInlineFormSet):
    gone_message = _("Diese Zeile wurde inzwischen von einer anderen Person gelöscht. "
                     "Bitte laden Sie die Seite neu.")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[self.model._meta.pk.name].error_messages["invalid_choice"] = self.gone_message


MilestoneFormSet = inlineformset_factory(Measure, Milestone, form=MilestoneForm, formset=RowFormSet, extra=2,
                                         can_delete=True)
IndicatorFormSet = inlineformset_factory(Measure, MeasureIndicator, form=IndicatorLinkForm, formset=RowFormSet,
                                         extra=1, can_delete=True)
FORMSET_PREFIXES = {"meilensteine": "milestones", "indikatoren": "indicator_links"}


def rows_for_current(data, measure):
    """A copy of posted edit data whose rows fit the measure as it is now.

    Rows another person deleted meanwhile become new rows (after the existing ones, as a formset
    wants them): saving again, after seeing the conflict, adds them back instead of failing on an
    id that no longer exists. A row both people deleted is dropped.
    """
    data = data.copy()
    for prefix, related_name in FORMSET_PREFIXES.items():
        known = {str(pk) for pk in getattr(measure, related_name).values_list("pk", flat=True)}
        try:
            total = int(data.get(f"{prefix}-TOTAL_FORMS", ""))
            initial = int(data.get(f"{prefix}-INITIAL_FORMS", ""))
        except ValueError:
            continue
        rows = []
        for index in range(total):
            start = f"{prefix}-{index}-"
            rows.append({key[len(start):]: data.pop(key) for key in list(data) if key.startswith(start)})
        existing = [row for row in rows[:initial] if row.get("id", [""])[0] in known]
        gone = [{**row, "id": [""]} for row in rows[:initial]
                if row.get("id", [""])[0] not in known and not row.get("DELETE")]
        ordered = existing + gone + rows[initial:]
        for index, row in enumerate(ordered):
            for name, values in row.items():
                data.setlist(f"{prefix}-{index}-{name}", values)
        data[f"{prefix}-TOTAL_FORMS"] = str(len(ordered))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(existing))
    return data


def kept_rows(formset):
    return [
        form.cleaned_data for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class OrganisationChoiceMixin:
    def _limit_organisations(self, user):
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=confirmed_organisation_ids(user)).order_by("name")
        field.empty_label = None


class CommentForm(OrganisationChoiceMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Im Namen von"), queryset=Organisation.objects.none(),
        error_messages={"invalid_choice": NOT_A_MEMBER},
    )
    position = forms.ChoiceField(
        label=_("Position"), choices=Comment.Position.choices, widget=forms.RadioSelect,
        error_messages={"required": POSITION_REQUIRED},
    )
    text = forms.CharField(label=_("Ihr Kommentar"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": TEXT_REQUIRED})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_organisations(user)


class ReplyForm(OrganisationChoiceMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Im Namen von"), queryset=Organisation.objects.none(),
        error_messages={"invalid_choice": NOT_A_MEMBER},
    )
    text = forms.CharField(label=_("Ihre Antwort"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": TEXT_REQUIRED})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_organisations(user)


class ResponseForm(forms.Form):
    disposition = forms.ChoiceField(
        label=_("Abwägung"), choices=Response.Disposition.choices, widget=forms.RadioSelect,
        error_messages={"required": DISPOSITION_REQUIRED},
    )
    reasoning = forms.CharField(label=_("Begründung"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                                error_messages={"required": REASONING_REQUIRED})


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Warum melden Sie diesen Kommentar?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": REPORT_REASON_REQUIRED},
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Grund der Ausblendung (geht an die verfassende Person)"), max_length=300,
                             error_messages={"required": HIDE_REASON_REQUIRED})


class EndDateTimeField(forms.DateTimeField):
    """An end typed as a date alone means the whole of that day ("bis einschließlich 31.12.")."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                day = forms.DateField(input_formats=["%d.%m.%Y", "%Y-%m-%d"]).to_python(value.strip())
            except ValidationError:
                pass
            else:
                return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))
        value = super().to_python(value)
        # The form shows such an end as "23:59"; saved again unchanged, it must still include that minute.
        if value is not None and (value.hour, value.minute, value.second) == (23, 59, 0):
            value = value.replace(second=59)
        return value


class PeriodForm(forms.ModelForm):
    class Meta:
        model = ConsultationPeriod
        fields = ["title", "starts_at", "ends_at", "description"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput(),
                   "description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"ends_at": EndDateTimeField}
        help_texts = {
            "starts_at": _("z. B. 01.12.2026 09:00; ohne Uhrzeit ab 0:00 Uhr."),
            "ends_at": _("z. B. 31.12.2026 18:00; ein Datum ohne Uhrzeit gilt bis einschließlich "
                         "23:59 Uhr dieses Tages."),
        }

    def _post_clean(self):
        # The form only reads the input; period_save judges the period (its order, overlaps) and
        # reports at the right field, where the model's check constraint would name no field.
        pass


class NeedForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indikator für den Bedarf"), queryset=None, required=False,
                                       empty_label=None, widget=QuickSelect)
    ebene = forms.ChoiceField(label=_("Ebene"), choices=Area.Kind.subdivision_choices, required=False,
                              widget=QuickSelect)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        field.queryset = indicators
        # The options from the page's one read of the indicators (the view picks its default from
        # the same rows); the queryset only validates.
        field.choices = [(item.pk, field.label_from_instance(item)) for item in indicators]


class ProgressReportForm(forms.Form):
    reported_on = forms.DateField(label=_("Stand vom"), widget=DateInput(), initial=timezone.localdate,
                                  error_messages={"required": _("Bitte geben Sie das Datum des Sachstands an."),
                                                  "invalid": _("Bitte geben Sie ein Datum wie 25.11.2026 an.")})
    title = forms.CharField(label=_("Überschrift"), max_length=200,
                            error_messages={"required": _("Bitte geben Sie eine Überschrift an.")})
    text = forms.CharField(label=_("Was ist geschehen?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": _("Bitte beschreiben Sie den Sachstand.")})
    percent = forms.IntegerField(
        label=_("Fortschritt (%)"), min_value=0, max_value=100,
        help_text=_("Wie weit ist die Maßnahme umgesetzt? 0 bis 100. Dieser Wert wird zum Fortschritt der Maßnahme."),
        error_messages={"required": _("Bitte geben Sie den Fortschritt in Prozent an."),
                        "min_value": PERCENT_RANGE,
                        "max_value": PERCENT_RANGE,
                        "invalid": _("Bitte geben Sie eine ganze Zahl zwischen 0 und 100 an.")},
    )
    milestone = forms.ModelChoiceField(label=_("Erreichter Meilenstein (optional)"), queryset=Milestone.objects.none(),
                                       required=False, empty_label=_("– keiner –"))

    def __init__(self, *args, measure, current=None, based_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        if based_on is not None:
            # Which saved state the correction started from, to notice a colleague's save in between.
            self.fields["based_on"] = forms.CharField(widget=forms.HiddenInput, required=False, initial=based_on)
        # Open milestones, and the one a report being corrected already names.
        self.fields["milestone"].queryset = Milestone.objects.filter(
            Q(done=False) | Q(pk=getattr(current, "pk", 0)), measure=measure).order_by("date")
        self.fields["milestone"].label_from_instance = lambda m: f"{m.title} ({m.date:%d.%m.%Y})"


class ProgressRequestForm(forms.Form):
    note = forms.CharField(label=_("Nachricht an die Federführung (optional)"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReadabilityForm(forms.Form):
    # The measure form's field, or the report introduction's.
    plain_summary = forms.CharField(required=False, max_length=5000)
    intro_plain_text = forms.CharField(required=False, max_length=5000)
