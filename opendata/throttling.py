"""Rate limit of the API: per account when signed in, else per client address, in Django's cache."""

import math

from django.conf import settings
from rest_framework import exceptions
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler as rest_framework_exception_handler

from hannover_teilhabe.throttle import Throttled, client_ip


class OpenDataThrottle(SimpleRateThrottle):
    scope = "opendata"

    def get_rate(self):
        # Read at request time, so the setting (and a test's override) applies without a restart.
        return settings.OPEN_DATA_RATE

    def get_ident(self, request):
        # The address behind the configured proxy, as every other limit of the platform counts it;
        # REST framework's own would take X-Forwarded-For as the client sends it, a new name per request.
        return client_ip(request)

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return f"throttle_opendata_{ident}"


def exception_handler(exc, context):
    """REST framework's answers, with the platform's own sentence on when to try again."""
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        seconds = max(math.ceil(exc.wait), 1)
        exc = exceptions.Throttled(detail=Throttled(seconds).message)
        exc.wait = seconds
    return rest_framework_exception_handler(exc, context)
