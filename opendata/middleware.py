"""Headers every answer under /api/ carries: open CORS for reading, the licence, ETag and 304s.

A small middleware instead of django-cors-headers: the API is read-only and public, so the whole
policy is "any origin may read, without credentials" – a browser on another site never sends the
session cookie with `Access-Control-Allow-Origin: *`, so it gets exactly what the public sees.
"""

from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag

from opendata import answers
from opendata.licence import link_header
from opendata.throttling import count_request

API_PREFIX = "/api/"
READ_METHODS = ("GET", "HEAD")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link, Retry-After, Content-Disposition",
    "Access-Control-Max-Age": "86400",
}


class OpenDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
        elif answers.cacheable(request):
            response = self.public_answer(request)
        else:
            response = self.get_response(request)
        # A view whose data has another licence (the area boundaries) names it itself.
        licence_link = response.get("Link") or link_header()
        # Signed-in planners see more than the public: caches must keep the two apart.
        patch_vary_headers(response, ("Cookie",))
        if request.method in READ_METHODS and response.status_code == 200 and not response.streaming:
            if not response.has_header("ETag"):
                set_response_etag(response)
                if getattr(request, "_answer_key", None):
                    answers.keep(request._answer_key, response)
            # Only the ETag decides a 304: it is the hash of exactly this person's answer, while a
            # Last-Modified date cannot see every change (e.g. a comment hidden again).
            response = get_conditional_response(request, etag=response.get("ETag"), response=response)
        # Set last: a 304 is a fresh response and needs them as much as the 200.
        for header, value in CORS_HEADERS.items():
            response[header] = value
        if request.method in READ_METHODS and response.status_code in (200, 304):
            # Ask again every time, with the ETag: without this, a browser guesses a lifetime from
            # Last-Modified and keeps serving an old answer. A planner's answer is for them alone.
            signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
            patch_cache_control(response, no_cache=True, **({"private": True} if signed_in else {}))
        response["Link"] = licence_link
        return response

    def public_answer(self, request):
        key = answers.answer_key(request)
        response = answers.cached_answer(key)
        # A refused request goes on to the view, which answers it with the API's 429.
        if response is not None and count_request(request) is None:
            return response
        request._answer_key = key
        return self.get_response(request)
