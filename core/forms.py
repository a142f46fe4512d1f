from django import forms

from core.models import Organisation


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label="Anzeigename", max_length=120,
        help_text="So erscheinen Sie auf der Plattform, z. B. „Anna Schmidt“.",
    )


class MembershipRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.order_by("name"),
        empty_label="– bitte wählen –",
        help_text="Fehlt Ihre Organisation? Schreiben Sie an die Koordinationsstelle Sozialplanung.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        if self.user.memberships.filter(organisation=organisation).exists():
            raise forms.ValidationError("Für diese Organisation besteht bereits eine Mitgliedschaft oder Anfrage.")
        return organisation
