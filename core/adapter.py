from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from hannover_teilhabe.env import env_bool


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Anyone may register; speaking for an organisation needs staff confirmation.
        return env_bool("ACCOUNT_SIGNUP_OPEN", default=True)

    def get_from_email(self):
        return settings.DEFAULT_FROM_EMAIL


def user_display(user):
    """How allauth names a person in its pages and mails: by name, not by e-mail address."""
    return user.public_name or user.email
