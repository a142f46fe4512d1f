from django import forms
from django.utils.translation import gettext_lazy as _

from district_statistics.models import Indicator, NonTakeUpEstimate
from district_statistics.services import estimate_check, estimate_is_empty, indicator_check
from hannover_teilhabe.uploads import validate_upload_size

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".txt", ".tsv")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Datei (CSV oder XLSX)"),
        help_text=_("Titelzeilen über der Kopfzeile und Hinweise unter der Tabelle werden übersprungen."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt,.tsv"}),
    )
    indicator = forms.ModelChoiceField(
        label=_("Indikator (nur Breitformat)"),
        queryset=Indicator.objects.all(),
        required=False,
        empty_label=_("– aus der Titelzeile übernehmen –"),
        help_text=_("Ob die Tabelle im Lang- oder Breitformat vorliegt, wird an der Kopfzeile erkannt. Im "
                    "Breitformat (eine Zeile je Gebiet, eine Spalte je Jahr) steht der Indikator meist nur in der "
                    "Titelzeile; er wird dort erkannt, oder Sie wählen ihn hier oder in der Vorschau."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("Bitte laden Sie eine CSV- oder XLSX-Datei hoch."))
        validate_upload_size(uploaded)
        return uploaded



class ImportIndicatorForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indikator"),
        queryset=Indicator.objects.all(),
        empty_label=_("– bitte wählen –"),
        error_messages={"required": _("Bitte wählen Sie für das Breitformat den Indikator.")},
    )


class ImportConfirmForm(forms.Form):
    on_conflict = forms.ChoiceField(
        label=_("Abweichende vorhandene Werte"),
        choices=[
            ("replace", _("durch die Werte aus der Datei ersetzen")),
            ("skip", _("behalten (Werte aus der Datei überspringen)")),
        ],
        initial="skip",
        widget=forms.RadioSelect,
    )


class IndicatorForm(forms.ModelForm):
    source_url = forms.URLField(label=_("Quelle (URL)"), required=False, assume_scheme="https")

    class Meta:
        model = Indicator
        fields = [
            "key", "name", "definition", "unit", "decimals", "higher_is_worse", "counts_benefit_recipients",
            "suppression_threshold", "source_publisher", "source_publication", "source_url", "licence",
            "is_published", "is_key_indicator", "is_example_data", "position",
        ]
        help_texts = {
            "key": _("Fester Schlüssel für Importe und Adressen, z. B. „sgb2-quote“ (Kleinbuchstaben, Bindestriche)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The unit is required: a German prompt instead of Django's "---------".
        self.fields["unit"].choices = [("", _("– bitte wählen –")), *Indicator.Unit.choices]

    def clean_decimals(self):
        decimals = self.cleaned_data["decimals"]
        # The bound is save_indicator's; asked here too so it shows next to any other mistake.
        try:
            indicator_check(decimals=decimals)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["decimals"]) from None
        return decimals


class NonTakeUpEstimateForm(forms.ModelForm):
    """Optional: leave every field empty for an indicator without a Dunkelziffer estimate."""

    source_url = forms.URLField(label=_("Quelle (URL)"), required=False, assume_scheme="https")

    class Meta:
        model = NonTakeUpEstimate
        fields = ["rate_low", "rate_high", "source", "source_url", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def is_empty(self):
        return estimate_is_empty(self.cleaned_data)

    def clean(self):
        cleaned = super().clean()
        if self.is_empty():
            return cleaned
        # The rules are save_indicator's; asked here too, they appear next to any typing mistakes.
        try:
            estimate_check(rate_low=cleaned.get("rate_low"), rate_high=cleaned.get("rate_high"),
                           source=cleaned.get("source"))
        except forms.ValidationError as error:
            for name, messages in error.message_dict.items():
                if name not in self.errors:
                    self.add_error(name, messages)
        return cleaned

    def _post_clean(self):
        if not self.is_empty():
            super()._post_clean()
