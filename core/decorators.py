"""The one way a view refuses someone: `@permission_required("app.action", obj=...)`.

Every action guarded here needs an account (see each app's rules.py), so anonymous visitors are
sent to log in before anything is looked up: they learn nothing about which objects exist, and
come back to the page they were on. Signed-in people without the right get the German 403 page.
htmx asks for fragments; a login page or an error page must never be swapped into one, so htmx
requests are answered with instructions for the whole page instead.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

ObjectGetter = Callable[..., Any]
NextGetter = Callable[..., str]


def _safe_local(request: HttpRequest, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return None


def _after_login(request: HttpRequest, view_kwargs: dict, login_next: NextGetter | None) -> str:
    if login_next is not None:
        return login_next(request, **view_kwargs)
    if getattr(request, "htmx", False):
        # The fragment's own address is no page to come back to; the page showing it is.
        current = request.htmx.current_url_abs_path
        if current:
            return current
    if request.method not in ("GET", "HEAD"):
        # An action's address answers only POST; after logging in, go back to the page with the form.
        referer = _safe_local(request, request.headers.get("Referer"))
        if referer:
            return referer
    return request.get_full_path()


def refuse(request: HttpRequest, *, view_kwargs: dict | None = None,
           login_next: NextGetter | None = None) -> HttpResponse:
    """Answer someone who may not do what they asked: log in first, or a 403."""
    htmx = getattr(request, "htmx", False)
    if not request.user.is_authenticated:
        if htmx and request.method not in ("GET", "HEAD"):
            # The session ran out while a form on the page was being filled: keep the form and its
            # text where they are and say so, instead of navigating away to the login page.
            from hannover_teilhabe.resilience import keep_text_response

            return keep_text_response(request, reason="session", status=403)
        next_url = _after_login(request, view_kwargs or {}, login_next)
        if htmx:
            login = redirect_to_login(next_url)
            return HttpResponseClientRedirect(login["Location"])
        return redirect_to_login(next_url)
    if htmx:
        # Reload the page the person is on: it then shows only what they may do, with this note.
        messages.error(request, _("Für diese Aktion fehlt Ihnen die Berechtigung."))
        response = HttpResponse(_("Für diese Aktion fehlt Ihnen die Berechtigung."), status=403,
                                content_type="text/plain; charset=utf-8")
        response["HX-Refresh"] = "true"
        return response
    raise PermissionDenied


def permission_required(perm: str, *, obj: ObjectGetter | None = None,
                        login_next: NextGetter | None = None) -> Callable:
    """Let the view run only for people who have `perm` (django-rules), asked about `obj`.

    `obj(request, **view_kwargs)` fetches the object the rule is asked about (raising Http404 if
    the person may not even see it); `login_next(request, **view_kwargs)` names the page to return
    to after logging in, for actions whose own address is no page.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return refuse(request, view_kwargs=kwargs, login_next=login_next)
            target = obj(request, **kwargs) if obj is not None else None
            if not request.user.has_perm(perm, target):
                return refuse(request, view_kwargs=kwargs, login_next=login_next)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

