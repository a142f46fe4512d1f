from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from hannover_teilhabe.env import env_bool
from hannover_teilhabe.throttle import wait_phrase


def _login_limit_message():
    """allauth only says "later"; its failed-login limit counts in windows, so the longest one is
    the latest a person has to wait (ACCOUNT_RATE_LIMITS["login_failed"])."""
    rates = parse_rates(account_settings.RATE_LIMITS.get("login_failed"))
    seconds = int(max((rate.duration for rate in rates), default=5 * 60))
    return _("Zu viele gescheiterte Anmeldeversuche. Bitte versuchen Sie es spätestens %(when)s erneut.") % {
        "when": wait_phrase(seconds)}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": lazy(_login_limit_message, str)(),
    }

    def is_open_for_signup(self, request):
        # Anyone may register; speaking for an organisation needs staff confirmation.
        return env_bool("ACCOUNT_SIGNUP_OPEN", default=True)

    def get_from_email(self):
        return settings.DEFAULT_FROM_EMAIL


def user_display(user):
    """How allauth names a person in its pages and mails: by name, not by e-mail address."""
    return user.public_name or user.email
