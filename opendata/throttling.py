"""Rate limit of the API: per account when signed in, else per client address, in Django's cache."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class OpenDataThrottle(SimpleRateThrottle):
    scope = "opendata"

    def get_rate(self):
        # Read at request time, so the setting (and a test's override) applies without a restart.
        return settings.OPEN_DATA_RATE

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return f"throttle_opendata_{ident}"
