"""The platform's URLs plus the floor: a bare Django view served by the same server, same middleware."""

from django.http import HttpResponse
from django.urls import include, path


def floor_view(request):
    return HttpResponse("ok")


urlpatterns = [path("__floor__/", floor_view), path("", include("hannover_teilhabe.urls"))]
