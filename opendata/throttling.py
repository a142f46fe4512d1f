"""Rate limit of the API: the platform's own throttle (hannover_teilhabe.throttle), so the API counts
like every other limit – in the shared cache, per account when signed in and per client address
as the configured proxy reports it (a client cannot pick its own address with X-Forwarded-For).

A fixed-window counter costs the same at any rate; DRF's own throttle keeps a list of every request
of the window in the cache and reads and writes it whole on each request.
"""

import math

from django.conf import settings
from rest_framework import exceptions
from rest_framework.throttling import BaseThrottle

from hannover_teilhabe.throttle import Throttled, throttle

ACTION = "open_data"


def rates():
    # Read at request time, so the setting (and a test's override) applies without a restart.
    return settings.OPEN_DATA_RATE, settings.OPEN_DATA_RATE


def count_request(request):
    """Count one API request; a hannover_teilhabe.throttle.Throttled if it is over the limit."""
    return throttle(request, ACTION, rates())


class OpenDataThrottle(BaseThrottle):
    def allow_request(self, request, view):
        self.throttled = count_request(request)
        return self.throttled is None

    def wait(self):
        return self.throttled.seconds


def exception_handler(exc, context):
    """REST framework's answers, with the platform's own sentence on when to try again."""
    # Imported here: rest_framework.views reads the throttle classes (this module) when it loads.
    from rest_framework.views import exception_handler as rest_framework_exception_handler

    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        seconds = max(math.ceil(exc.wait), 1)
        exc = exceptions.Throttled(detail=Throttled(seconds).message)
        exc.wait = seconds
    return rest_framework_exception_handler(exc, context)
