from django import forms
from django.utils.translation import gettext_lazy as _

from actionplan.models import Measure
from core.models import FieldOfAction
from reports.models import ReportSettings


class ReportOptionsForm(forms.Form):
    states = forms.MultipleChoiceField(
        label=_("Maßnahmen mit diesem Stand aufnehmen"),
        choices=Measure.Publication.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Measure.Publication.ADOPTED],
        error_messages={"required": _("Bitte wählen Sie mindestens einen Stand der Maßnahmen aus.")},
        help_text=_("Nur „beschlossen“ ergibt die beschlossene Fassung; jede andere Auswahl wird als "
                    "Entwurf gekennzeichnet."),
    )
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ohne Auswahl enthält der Bericht alle Handlungsfelder."),
    )
    include_consultation = forms.BooleanField(
        label=_("Anhang „Beteiligung und Abwägung“ aufnehmen"), required=False, initial=True,
    )
    include_statistics = forms.BooleanField(
        label=_("Kapitel mit Kennzahlen, Karten und Rangfolgen aufnehmen"), required=False, initial=True,
    )

    def options(self):
        data = self.cleaned_data
        return {
            "states": list(data["states"]),
            "fields_of_action": [foa.pk for foa in data["fields_of_action"]],
            "consultation": data["include_consultation"],
            "statistics": data["include_statistics"],
        }


class ReportSettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = ["intro_title", "version_label", "intro_plain_text", "intro_text"]
        widgets = {"intro_text": forms.Textarea(attrs={"rows": 10}),
                   "intro_plain_text": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "intro_title": {"required": _("Bitte geben Sie eine Überschrift für die Einleitung an.")},
            "version_label": {"required": _("Bitte geben Sie die Fassung an, z. B. „1.0“.")},
        }


class ImplementationReportForm(forms.Form):
    date_from = forms.DateField(label=_("Zeitraum von"), widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"required": _("Bitte geben Sie den Beginn des Zeitraums an."),
                                                "invalid": _("Bitte geben Sie ein Datum wie 01.01.2026 an.")})
    date_to = forms.DateField(label=_("bis"), widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"required": _("Bitte geben Sie das Ende des Zeitraums an."),
                                              "invalid": _("Bitte geben Sie ein Datum wie 30.06.2026 an.")})
    impl_fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"), queryset=FieldOfAction.objects.all(), widget=forms.CheckboxSelectMultiple,
        required=False, help_text=_("Ohne Auswahl enthält der Bericht alle Handlungsfelder."),
    )
