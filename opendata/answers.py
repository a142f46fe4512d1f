"""The public's API answers, kept in the shared cache for a short while.

Harvesters, dashboards and other cities' scripts ask the same few addresses again and again, and
anonymous answers are the same for everybody: the same address in the same language gives the same
bytes until the data changes. So an anonymous GET is answered from the cache when it can be, and a
signed-in person (who may see drafts) always gets a freshly built answer.

How fresh: every save or deletion of a row the API can show (post_save, post_delete and
m2m_changed of the data apps) starts a new generation of answers, once at the change and again
after its commit (a reader between the two may have kept the old rows under the new generation).
Bulk writes and queryset updates send no signals (statistics and outcome imports, a few status
updates), so no answer is kept longer than OPEN_DATA_CACHE_SECONDS either: after such a write
the public sees the new data at the latest that many seconds later. The rate limit counts cached
answers like built ones.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "opendata:generation"
# The app labels whose rows the API (and its downloads and catalogue) shows.
DATA_APPS = {"actionplan", "workshops", "statistics", "core", "reports"}
# Headers that belong to the answer itself; the outer middleware add theirs to every answer anyway.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "Link", "Allow", "Vary", "ETag")
# Data only: an HTML page (the schema browser) may carry a per-request CSP nonce.
KEPT_TYPES = ("application/json", "application/ld+json", "application/vnd.oai.openapi", "text/turtle")


def generation():
    return cache.get(GENERATION_KEY, 0)


def new_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet, or the cache is away (then nothing is kept anyway)
        cache.set(GENERATION_KEY, 1, timeout=None)


def _data_changed(sender, **kwargs):
    # Migrations save through models of their own ("__fake__"), before the cache table exists.
    if sender._meta.app_label in DATA_APPS and sender.__module__ != "__fake__":
        new_generation()
        transaction.on_commit(new_generation)


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_data_changed, dispatch_uid=f"opendata-answers-{signal!r}")


def answer_key(request):
    """Taken once, before the answer is built: a change while it is built then starts a generation
    this key does not belong to, and the next reader builds afresh."""
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"opendata:answer:{generation()}:{get_language()}:{request.method}:{path}"


def cacheable(request):
    return (settings.OPEN_DATA_CACHE_SECONDS > 0 and request.method in ("GET", "HEAD")
            and not request.user.is_authenticated)


def cached_answer(key):
    """The kept answer under this key, or None."""
    stored = cache.get(key)
    if stored is None:
        return None
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def keep(key, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    if not response.get("Content-Type", "").startswith(KEPT_TYPES):
        return
    headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
    cache.set(key, (response.content, headers), timeout=settings.OPEN_DATA_CACHE_SECONDS)
