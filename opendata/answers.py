"""The public's API answers, kept in the shared cache.

Harvesters, dashboards and other cities' scripts ask the same few addresses again and again, and
anonymous answers are the same for everybody: the same address in the same language gives the same
bytes until the data changes. So an anonymous GET is answered from the cache when it can be, and a
signed-in person (who may see drafts) always gets a freshly built answer.

The key holds the generation of shown data (core/changes.py), which every write of the platform
moves on – model signals, and the few bulk writes call it themselves – so the next answer after a
change is built afresh. OPEN_DATA_CACHE_SECONDS bounds what nothing announces (a change made in a
database console). The rate limit counts cached answers like built ones.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

from core import changes

# Headers that belong to the answer itself; the outer middleware add theirs to every answer anyway.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "Link", "Allow", "Vary", "ETag")
# Data only: an HTML page (the schema browser) may carry a per-request CSP nonce.
KEPT_TYPES = ("application/json", "application/ld+json", "application/vnd.oai.openapi", "text/turtle")


def answer_key(request):
    """Taken once, before the answer is built: a change while it is built then starts a generation
    this key does not belong to, and the next reader builds afresh."""
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"opendata:answer:{changes.generation()}:{get_language()}:{request.method}:{path}"


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
