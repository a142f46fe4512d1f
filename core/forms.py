from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.models import Organisation


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Anzeigename"), max_length=120,
        help_text=_("So erscheinen Sie auf der Plattform, z. B. „Anna Schmidt“."),
    )

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Bitte geben Sie einen Namen an."))
        return name


class MembershipRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"),
        empty_label=_("– bitte wählen –"),
        # Organisations the person already belongs to or asked for are not offered again.
        error_messages={
            "invalid_choice": _("Für diese Organisation besteht bereits eine Mitgliedschaft oder Anfrage."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"].queryset = Organisation.objects.exclude(memberships__user=user).order_by("name")
        # The Koordinationsstelle creates organisations; the same address the open-data catalogue names.
        self.fields["organisation"].help_text = _(
            "Fehlt Ihre Organisation? Schreiben Sie an die %(name)s: %(email)s."
        ) % {"name": settings.OPEN_DATA_CONTACT_NAME, "email": settings.OPEN_DATA_CONTACT_EMAIL}


class SignupForm(forms.Form):
    """allauth's sign-up asks for e-mail and password; we add the name shown with contributions."""

    display_name = forms.CharField(
        label=_("Ihr Name"), max_length=120,
        help_text=_("Erscheint bei Ihren Stellungnahmen neben Ihrer Organisation; Ihre E-Mail-Adresse bleibt "
                  "für andere unsichtbar."),
    )

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Bitte geben Sie einen Namen an."))
        return name

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Ihr Passwort"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Zur Sicherheit: Geben Sie Ihr Passwort ein, um die Löschung zu bestätigen."),
        error_messages={"required": _("Bitte geben Sie Ihr Passwort ein.")},
    )
class OrganisationForm(forms.ModelForm):
    """Parses the organisation's details; `services.organisation_save` stores them."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                             help_text=_("z. B. https://www.diakonie-hannover.de"),
                             error_messages={"invalid": _("Bitte geben Sie eine gültige Webadresse ein.")})

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "website", "contact"]
        error_messages = {"name": {"unique": _("Eine Organisation mit diesem Namen gibt es bereits.")}}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Begründung"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Die Person erhält die Begründung per E-Mail; sie steht auch im Protokoll."),
    )

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if not required:
            self.fields["reason"].help_text = _("Freiwillig. ") + self.fields["reason"].help_text
        self.fields["reason"].error_messages["required"] = (
            _("Bitte geben Sie einen Grund an; die Person erhält ihn per E-Mail.")
        )
