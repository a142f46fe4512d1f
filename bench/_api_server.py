"""WSGI entry for bench/api.py: the platform plus a bare view, served by gunicorn.

Not a benchmark itself (files starting with "_" are skipped by `make bench`).
"""

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import include, path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hannover_teilhabe.settings")
application = get_wsgi_application()


def floor_view(request):
    return HttpResponse("ok")


urlpatterns = [path("__floor__/", floor_view), path("", include("hannover_teilhabe.urls"))]

from django.conf import settings  # noqa: E402

# Resolved per request, so the bare view sits beside the real URLs in the same process.
settings.ROOT_URLCONF = __name__
