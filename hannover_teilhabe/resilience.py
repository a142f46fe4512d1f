"""Nothing a person typed is lost when a request cannot be carried out.

Three cases answer with the same "your input" page (or, for htmx, a notice that leaves the form
where it is): the session ran out while typing, the CSRF token went stale, or the database gave
up waiting (statement or lock timeout). The page shows the typed text in a form that sends it to
the same address again.
"""

import logging

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import resolve_url
from django.template.loader import get_template, render_to_string

logger = logging.getLogger(__name__)

# PostgreSQL: statement_timeout (query_canceled) and lock_timeout (lock_not_available).
TIMEOUT_SQLSTATES = {"57014", "55P03"}

FIELD_LABELS = {
    "text": "Text",
    "title": "Titel",
    "description": "Beschreibung",
    "reasoning": "Begründung",
    "reason": "Grund",
    "status_note": "Notiz zur Statusänderung",
    "note": "Notiz",
    "existing_offer": "Bestehendes Angebot",
    "display_name": "Name",
    "goal": "Ziel",
    "summary": "Kurzbeschreibung",
    "intro_text": "Einleitungstext",
    "intro_title": "Überschrift der Einleitung",
    "login": "E-Mail-Adresse",
    "email": "E-Mail-Adresse",
}
NOT_RESENT = {"csrfmiddlewaretoken"}


def _short(name):
    return name.rsplit("-", 1)[-1]


def _is_text(name, value):
    # Text a person typed is shown to edit; choices, ids and version tokens travel hidden.
    return _short(name) in FIELD_LABELS or len(value) > 40 or any(char.isspace() for char in value.strip())


def _label(name):
    short = _short(name)
    return FIELD_LABELS.get(short, short.replace("_", " ").capitalize())


def typed_fields(request):
    """The submitted fields, text ones first, as the page and the htmx notice show them."""
    fields = []
    for name in request.POST:
        # Passwords are never written into a page; the person types them again.
        if name in NOT_RESENT or "password" in name.lower():
            continue
        for value in request.POST.getlist(name):
            fields.append({"name": name, "value": value, "label": _label(name), "is_text": _is_text(name, value),
                           "is_long": "\n" in value or len(value) > 80})
    return fields


def keep_text_response(request, *, reason, status):
    """reason: "session", "csrf" or "timeout"."""
    context = {
        "reason": reason,
        "fields": typed_fields(request),
        "has_files": bool(request.FILES),
        "action": request.get_full_path(),
        "login_url": resolve_url(settings.LOGIN_URL),
    }
    if getattr(request, "htmx", False):
        # Never swap a page into a fragment: the notice goes to the page's notice area, the form
        # with the typed text stays where it is. The notice needs no context processors.
        body = render_to_string("includes/keep_text_notice.html", context)
        response = HttpResponse(body, status=200)
        response["HX-Retarget"] = "#systemhinweis"
        response["HX-Reswap"] = "innerHTML"
    elif reason == "timeout":
        # The database just gave up, perhaps behind a lock on the sessions or accounts table. The
        # context processors ask it who the person is and would wait behind the same lock and fail
        # again, so this page is rendered from what the request already holds.
        context.update(request=request, csrf_token=get_token(request), site_name=settings.SITE_NAME,
                       without_database=True)
        response = HttpResponse(get_template("keep_text.html").render(context), status=status)
    else:
        response = HttpResponse(render_to_string("keep_text.html", context, request=request), status=status)
    # Tells scripts and tests which of the three cases this is; people read the page.
    response["X-Not-Saved"] = reason
    if reason == "timeout":
        response["Retry-After"] = "10"
    return response


def _is_login_page(request):
    # Signing in is what anonymous people post; the admin's login hands over to the site's.
    return request.path in (resolve_url(settings.LOGIN_URL), resolve_url("admin:login"))


def _redirects_to_login(response):
    if response.status_code not in (301, 302, 303) or not response.get("Location"):
        return False
    login_path = resolve_url(settings.LOGIN_URL)
    return response["Location"].split("?", 1)[0].endswith(login_path)


class KeepTypedTextMiddleware:
    """A form sent after the session ran out would be redirected to the login page, and the text
    with it would be gone. Answer instead with the text and a note to sign in again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A bare button (follow) may go to the login page; anything typed, and any htmx request
        # (which would paste the login page into a fragment), gets the note instead.
        # The redirect is checked first: `request.user` may ask the database, which must not be
        # asked again after a timeout answer.
        if (request.method == "POST" and _redirects_to_login(response) and not request.user.is_authenticated
                and not _is_login_page(request)
                and (getattr(request, "htmx", False) or any(field["value"] for field in typed_fields(request)))):
            return keep_text_response(request, reason="session", status=403)
        return response


def is_database_timeout(exception):
    cause = exception.__cause__ or exception
    return isinstance(exception, OperationalError) and getattr(cause, "sqlstate", None) in TIMEOUT_SQLSTATES


class DatabaseTimeoutMiddleware:
    """A statement or lock timeout rolled the request's transaction back: say so, keep the text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_timeout(exception):
            return None
        logger.warning("Database timeout on %s %s: %s", request.method, request.path, exception)
        return keep_text_response(request, reason="timeout", status=503)


def csrf_failure(request, reason=""):
    """A form sent from a page that was open too long, or before signing in again elsewhere."""
    return keep_text_response(request, reason="csrf", status=403)

