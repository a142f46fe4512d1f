"""Throttles for what people send (comments, reports, uploads …), per account and per address.

Counters live in the shared cache (settings.CACHES) through django-ratelimit; the limits are in
settings.RATE_LIMITS. A throttled request is answered with HTTP 429, a German sentence saying
when to try again, and Retry-After; a view that shows a form shows it again with what was typed.
"""

import math
from dataclasses import dataclass
from functools import wraps

from allauth.core.internal.httpkit import get_client_ip
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage


def client_ip(request):
    """The visitor's address behind the configured proxy: the same one allauth's limits use."""
    return get_client_ip(request) or request.META.get("REMOTE_ADDR", "")


def wait_phrase(seconds):
    if seconds < 60:
        return ngettext("in %(n)d Sekunde", "in %(n)d Sekunden", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return ngettext("in %(n)d Minute", "in %(n)d Minuten", minutes) % {"n": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("in %(n)d Stunde", "in %(n)d Stunden", hours) % {"n": hours}


@dataclass(frozen=True)
class Throttled:
    seconds: int

    @property
    def when(self):
        return wait_phrase(self.seconds)

    @property
    def message(self):
        return _("Sie haben das in kurzer Zeit zu oft versucht. Bitte versuchen Sie es %(when)s erneut.") % {
            "when": self.when
        }


def throttle(request, action, rates=None):
    """Count one attempt at `action`; a Throttled if the person or their address is over the limit.

    `rates` (per account, per address) stands in for settings.RATE_LIMITS[action] where a limit has
    a setting of its own (the API's OPEN_DATA_RATE).
    """
    per_account, per_address = rates or settings.RATE_LIMITS[action]
    waits = []
    sides = [("ip", per_address)]
    if request.user.is_authenticated:
        sides.insert(0, ("user", per_account))
    for key, rate in sides:
        if not rate:
            continue
        usage = get_usage(request, group=f"{action}:{key}", key=key, rate=rate, increment=True)
        if usage and usage["should_limit"]:
            waits.append(max(int(usage["time_left"]), 1))
    return Throttled(max(waits)) if waits else None


def with_retry_after(response, throttled):
    response["Retry-After"] = str(throttled.seconds)
    return response


def too_many_requests(request, throttled):
    """The answer when no form can be shown again: a German page, or for htmx a fragment."""
    if getattr(request, "htmx", False):
        response = render(request, "includes/throttled.html", {"throttled": throttled}, status=429)
        # The fragment goes to the page's announcement area; the form the person typed in stays.
        response["HX-Retarget"] = "#htmx-meldung"
        response["HX-Reswap"] = "innerHTML"
    else:
        response = render(request, "429.html", {"throttled": throttled}, status=429)
    return with_retry_after(response, throttled)


def rate_limited(action, *, when=None):
    """For POST views without a form worth showing again (e.g. uploads, whose file a browser
    cannot fill in again anyway); `when` narrows which POSTs count."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and (when is None or when(request)):
                throttled = throttle(request, action)
                if throttled:
                    return too_many_requests(request, throttled)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
