from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Anyone may register; speaking for an organisation needs staff confirmation.
        from hannover_teilhabe.env import env_bool

        return env_bool("ACCOUNT_SIGNUP_OPEN", default=True)

    def get_from_email(self):
        return settings.DEFAULT_FROM_EMAIL
