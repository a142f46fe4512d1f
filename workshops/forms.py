import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core import choices as cached_choices
from core.choices import QuickCheckboxes, QuickSelect, QuickSelectMultiple
from core.models import Area, FieldOfAction, Organisation, TargetGroup
from core.widgets import QuickCheckboxInput, QuickHiddenInput, QuickNumberInput, QuickTextarea, QuickTextInput
from hannover_teilhabe.uploads import validate_upload_size
from workshops.models import Event, Outcome, Workshop
from workshops.services import WEIGHT_NEGATIVE, outcome_check


def register_choices():
    """The outcome form's master data is read once per change of it, not once per form."""
    cached_choices.register("outcome-form:fields_of_action",
                            lambda: [(item.pk, item.name, item.is_active) for item in FieldOfAction.objects.all()])
    cached_choices.register("outcome-form:target_groups",
                            lambda: [(item.pk, item.name, item.is_active) for item in TargetGroup.objects.all()])
    cached_choices.register("outcome-form:areas", lambda: [
        (area.pk, area.name, area.kind) for area in Area.objects.exclude(kind=Area.Kind.CITY).order_by("kind", "name")
    ])
    cached_choices.watch(FieldOfAction, TargetGroup, Area)


class OutcomeChoices:
    """The select lists of an outcome form, read once per page however many forms it shows."""

    def __init__(self, *, include=()):
        kept = {item.field_of_action_id for item in include if item.field_of_action_id}
        fields_of_action, self.target_groups, self.areas = cached_choices.read(
            "outcome-form:fields_of_action", "outcome-form:target_groups", "outcome-form:areas")
        # An outcome keeps its field of action even after the field was retired.
        self.fields_of_action = [(pk, name) for pk, name, is_active in fields_of_action if is_active or pk in kept]

    def field_of_action_choices(self):
        return [("", _("– kein Handlungsfeld –")), *self.fields_of_action]

    def target_group_choices(self, selected=()):
        # Inactive groups stay selectable only where an outcome already carries them.
        selected = {str(pk) for pk in selected}
        return [(pk, name) for pk, name, is_active in self.target_groups if is_active or str(pk) in selected]

    def area_choices(self):
        districts = sorted(((pk, name) for pk, name, kind in self.areas if kind == Area.Kind.DISTRICT),
                           key=lambda choice: choice[1])
        quarters = [(pk, name) for pk, name, kind in self.areas if kind == Area.Kind.QUARTER]
        return [(_("Stadtbezirke"), districts), (_("Stadtteile"), quarters)]


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = [
            "kind", "title", "description", "existing_offer", "field_of_action", "target_groups",
            "areas", "citywide", "weight",
        ]
        # The board draws three of these forms: every input written without widget templates.
        widgets = {
            "title": QuickTextInput,
            "description": QuickTextarea(attrs={"rows": 3}),
            "existing_offer": QuickTextInput,
            "target_groups": QuickCheckboxes(item_class="ws-check"),
            "areas": QuickSelectMultiple(attrs={"size": 8}),
            "kind": QuickSelect,
            "field_of_action": QuickSelect,
            "citywide": QuickCheckboxInput,
            "weight": QuickNumberInput,
        }
        help_texts = {
            "areas": _("Mehrere mit Strg (Mac: Cmd) oder Umschalttaste auswählen."),
        }
        error_messages = {
            "title": {"required": _("Bitte geben Sie einen Titel ein.")},
            "kind": {"required": _("Bitte wählen Sie die Art des Ergebnisses.")},
        }

    def __init__(self, *args, choices=None, fixed_kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or OutcomeChoices(include=[self.instance] if self.instance.pk else ())
        self.fields["field_of_action"].choices = choices.field_of_action_choices()
        selected_groups = self.instance.target_groups.all() if self.instance.pk else ()
        self.fields["target_groups"].choices = choices.target_group_choices(
            [group.pk for group in selected_groups]
        )
        self.fields["areas"].choices = choices.area_choices()
        self.fields["kind"].choices = [("", _("– bitte wählen –")), *Outcome.Kind.choices]
        self.fields["weight"].label = _("Gewichtung (Klebepunkte)")
        self.fields["weight"].help_text = ""
        self.fields["weight"].required = False  # an empty field means no dots, not a mistake
        self.fields["weight"].widget.attrs["min"] = 0
        self.fields["weight"].widget.attrs["max"] = Outcome.MAX_WEIGHT
        self.fields["weight"].error_messages["min_value"] = WEIGHT_NEGATIVE
        self.fields["weight"].error_messages["invalid"] = _("Bitte geben Sie eine ganze Zahl ein.")
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        if self.instance.pk:
            # Which saved state the planner started from, to notice a colleague's save in between.
            self.fields["based_on"] = forms.CharField(widget=QuickHiddenInput, required=False)
            self.fields["based_on"].initial = self.instance.updated_at.isoformat()
        if fixed_kind:
            # The board's column already says which kind; the form just carries it along.
            self.fields["kind"].widget = QuickHiddenInput()
            self.fields["kind"].initial = fixed_kind

    def clean_weight(self):
        # An empty field means no dots.
        return self.cleaned_data.get("weight") or 0

    def clean(self):
        data = super().clean()
        # The rules are the service's; asked here too, they appear next to any typing mistakes.
        try:
            outcome_check(kind=data.get("kind", ""), existing_offer=(data.get("existing_offer") or "").strip(),
                          citywide=data.get("citywide", False), areas=data.get("areas") or [],
                          weight=data.get("weight", 0))
        except forms.ValidationError as error:
            for name, messages in error.message_dict.items():
                if name not in self.errors:
                    self.add_error(name, messages)
        return data

    def focus_first_error(self):
        # After an htmx swap the browser puts the cursor where the first problem is.
        for name in self.fields:
            if name in self.errors:
                self.fields[name].widget.attrs["autofocus"] = True
                return

    @property
    def has_details_data(self):
        """Whether the folded-away fields hold anything the planner should see."""
        if not self.is_bound:
            return False
        detail_fields = ["existing_offer", "field_of_action", "target_groups", "areas", "citywide", "weight"]
        if any(name in self.errors for name in detail_fields):
            return True
        return any(self.data.get(self.add_prefix(name)) not in (None, "", "0") for name in detail_fields)


class OutcomeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Datei (CSV oder XLSX)"),
        error_messages={"required": _("Bitte wählen Sie eine Datei aus.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload_size(uploaded)
        return uploaded


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["number", "title", "topic", "moderators", "organisations", "participant_count", "notes"]
        widgets = {
            "topic": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 6}),
            "organisations": forms.SelectMultiple(attrs={"size": 8}),
        }
        error_messages = {
            "number": {"required": _("Bitte geben Sie eine Nummer ein.")},
            "title": {"required": _("Bitte geben Sie einen Titel ein.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["organisations"].help_text = _("Mehrere mit Strg (Mac: Cmd) oder Umschalttaste auswählen.")



class GermanDateInput(forms.DateInput):
    """Dates typed as people write them (18.03.2026), whatever the browser's own locale."""

    def __init__(self, **kwargs):
        attrs = {"placeholder": "TT.MM.JJJJ", "inputmode": "numeric", "autocomplete": "off", **kwargs.pop("attrs", {})}
        super().__init__(format="%d.%m.%Y", attrs=attrs, **kwargs)


class GermanDateField(forms.DateField):
    """A date field that tells a mistyped date from one the calendar does not have (31.02.2026)."""

    default_error_messages = {"nonexistent": _("Dieses Datum gibt es nicht.")}
    _LOOKS_LIKE_DATE = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.(\d{2}|\d{4})\s*$")

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            if isinstance(value, str) and self._LOOKS_LIKE_DATE.match(value):
                raise forms.ValidationError(self.error_messages["nonexistent"], code="nonexistent")
            raise


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "date", "place", "organiser", "description", "is_public"]
        field_classes = {"date": GermanDateField}
        widgets = {"date": GermanDateInput(), "description": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "title": {"required": _("Bitte geben Sie einen Titel ein.")},
            "date": {"required": _("Bitte geben Sie das Datum ein."),
                     "invalid": _("Bitte geben Sie das Datum als TT.MM.JJJJ ein, z. B. 18.03.2026.")},
        }
