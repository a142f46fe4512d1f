"""Who may do what, for every address the platform answers: one table, walked for every role.

The test asks Django's URL resolver for every pattern, so a new view is covered the moment it is
routed: it fails until its row is added to ACCESS below, and the failure says what to add.
Each address is requested with GET and with an empty POST as every kind of visitor; every answer
must also carry the Content-Security-Policy and Permissions-Policy, and no HTML page may hold an
inline script or style attribute the policy would block. An empty POST
is enough to see whether the door opens: the view then answers with its form errors (400/422), a
redirect, or the page; refused visitors never get that far. Every request runs in a savepoint
that is rolled back, so one role's action never changes what the next role sees.
"""

import re
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actionplan.models import ProgressReport
from core.masterdata import load_master_data
from core.models import Area
from reports.models import ReportExport
from tests.actionplan.factories import make_comment, make_measure, open_period
from tests.district_statistics.factories import IndicatorFactory
from tests.factories import DepartmentFactory, PlannerFactory, UserFactory, member_of
from tests.workshops.factories import EventFactory, OutcomeFactory, WorkshopFactory

# --- Outcomes ------------------------------------------------------------------------------

OK = "erlaubt"  # the view ran: a page, a file, its own redirect, or its form errors (400/409/422)
LOGIN = "Anmeldung"  # redirected to a login page (the site's or the admin's), coming back afterwards
UNAUTHORIZED = "401"  # e.g. an API asking for credentials instead of sending people to a login page
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"  # this address does not answer this method

# --- Roles, from least to most trusted -----------------------------------------------------

ROLES = ("anonym", "angemeldet", "unbestaetigt", "mitglied", "planung", "dezernat", "personal")


def expect(anonym, angemeldet, unbestaetigt, mitglied, planung, dezernat, personal):
    return dict(zip(ROLES, (anonym, angemeldet, unbestaetigt, mitglied, planung, dezernat, personal)))


# "personal" is a technical staff account (a superuser for /verwaltung/); Django grants a superuser
# every permission. Memberships are confirmed on the platform itself (core:memberships).
EVERYONE = expect(OK, OK, OK, OK, OK, OK, OK)
SIGNED_IN = expect(LOGIN, OK, OK, OK, OK, OK, OK)
MEMBERS = expect(LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK)
PLANNERS = expect(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK, OK)
DEPARTMENT = expect(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK)
PLANNERS_SEE_OTHERS_NOT_FOUND = expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK, OK)
STAFF = expect(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, OK)  # the admin sends non-staff to its login
STAFF_GET_ONLY = expect(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, NOT_ALLOWED)
STAFF_REFUSED = expect(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, FORBIDDEN)
STAFF_NOT_FOUND = expect(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, NOT_FOUND)
NOWHERE = expect(*[NOT_ALLOWED] * len(ROLES))
NOT_FOUND_FOR_ALL = expect(*[NOT_FOUND] * len(ROLES))
ADMIN_LOGIN = expect(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
COORDINATION = DEPARTMENT  # the department stands in for the Koordinationsstelle


@dataclass(frozen=True)
class Access:
    get: dict
    post: dict
    kwargs: object = None  # world -> URL kwargs, for patterns with parameters
    data: object = None  # world -> POST body, where an empty one would not even reach the form


API = Access(get=EVERYONE, post=NOWHERE)  # read-only API: a POST is a method it does not answer


# --- The table -----------------------------------------------------------------------------
# One row per URL name. Third-party namespaces are grouped in GROUPS below. Reading pages answer
# a POST like a GET (nothing changes), hence post=EVERYONE there.

ACCESS = {
    # Site
    "home": Access(get=EVERYONE, post=EVERYONE),
    "healthz": Access(get=EVERYONE, post=EVERYONE),
    # The footer's language switch: anyone may choose the interface language.
    "set_language": Access(get=EVERYONE, post=EVERYONE),
    "site_page": Access(get=EVERYONE, post=EVERYONE, kwargs=lambda w: {"slug": "impressum"}),
    "core:profile": Access(get=SIGNED_IN, post=SIGNED_IN),
    # Workshops
    "workshops:index": Access(get=EVERYONE, post=EVERYONE),
    "workshops:outcome_list": Access(get=EVERYONE, post=EVERYONE),
    "workshops:outcome_export_csv": Access(get=EVERYONE, post=EVERYONE),
    "workshops:outcome_export_xlsx": Access(get=EVERYONE, post=EVERYONE),
    "workshops:outcome_detail": Access(get=EVERYONE, post=EVERYONE, kwargs=lambda w: {"pk": w.outcome.pk}),
    # Without htmx the card is no page of its own: everyone is sent to the board.
    "workshops:outcome_card": Access(get=EVERYONE, post=EVERYONE, kwargs=lambda w: {"pk": w.outcome.pk}),
    "workshops:outcome_edit": Access(get=PLANNERS, post=PLANNERS, kwargs=lambda w: {"pk": w.outcome.pk}),
    "workshops:outcome_delete": Access(get=PLANNERS, post=PLANNERS, kwargs=lambda w: {"pk": w.outcome.pk}),
    "workshops:import_template": Access(get=PLANNERS, post=PLANNERS),
    "workshops:board": Access(get=EVERYONE, post=EVERYONE, kwargs=lambda w: {"pk": w.workshop.pk}),
    # Something typed and the session gone: the text comes back on a "not saved, sign in" page (403).
    "workshops:outcome_add": Access(get=NOWHERE, post=expect(FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK, OK),
                                    kwargs=lambda w: {"pk": w.workshop.pk}, data=lambda w: {"kind": "dringend"}),
    "workshops:workshop_edit": Access(get=PLANNERS, post=PLANNERS, kwargs=lambda w: {"pk": w.workshop.pk}),
    "workshops:outcome_import": Access(get=PLANNERS, post=PLANNERS, kwargs=lambda w: {"pk": w.workshop.pk}),
    "workshops:event_create": Access(get=PLANNERS, post=PLANNERS),
    "workshops:event_detail": Access(get=EVERYONE, post=EVERYONE, kwargs=lambda w: {"slug": w.event.slug}),
    "workshops:event_edit": Access(get=PLANNERS, post=PLANNERS, kwargs=lambda w: {"slug": w.event.slug}),
    "workshops:workshop_create": Access(get=PLANNERS, post=PLANNERS, kwargs=lambda w: {"slug": w.event.slug}),
    # Action plan
    "actionplan:index": Access(get=EVERYONE, post=EVERYONE),
    "actionplan:measure_export": Access(get=EVERYONE, post=EVERYONE, kwargs=lambda w: {"fmt": "csv"}),
    "actionplan:measure_create": Access(get=PLANNERS, post=PLANNERS),
    "actionplan:coverage": Access(get=EVERYONE, post=EVERYONE),
    "actionplan:need_and_action": Access(get=EVERYONE, post=EVERYONE),
    "actionplan:consultation": Access(get=PLANNERS, post=PLANNERS),
    "actionplan:period_create": Access(get=PLANNERS, post=PLANNERS),
    "actionplan:period_edit": Access(get=PLANNERS, post=PLANNERS, kwargs=lambda w: {"pk": w.period.pk}),
    "actionplan:moderation": Access(get=PLANNERS, post=PLANNERS),
    "actionplan:my_follows": Access(get=SIGNED_IN, post=SIGNED_IN),
    # A comment's own address leads to the page that shows it.
    "actionplan:comment_link": Access(get=EVERYONE, post=EVERYONE, kwargs=lambda w: {"pk": w.comment.pk}),
    "actionplan:comment_reply": Access(get=NOWHERE, post=MEMBERS, kwargs=lambda w: {"pk": w.comment.pk}),
    "actionplan:comment_report": Access(get=SIGNED_IN, post=SIGNED_IN, kwargs=lambda w: {"pk": w.comment.pk}),
    "actionplan:comment_respond": Access(get=PLANNERS, post=PLANNERS, kwargs=lambda w: {"pk": w.comment.pk}),
    "actionplan:comment_hide": Access(get=PLANNERS, post=PLANNERS, kwargs=lambda w: {"pk": w.comment.pk}),
    "actionplan:comment_restore": Access(get=NOWHERE, post=PLANNERS, kwargs=lambda w: {"pk": w.comment.pk}),
    "actionplan:reports_dismiss": Access(get=NOWHERE, post=PLANNERS, kwargs=lambda w: {"pk": w.comment.pk}),
    "actionplan:measure_detail": Access(get=EVERYONE, post=EVERYONE,
                                        kwargs=lambda w: {"reference": w.measure.reference}),
    "actionplan:measure_edit": Access(get=PLANNERS, post=PLANNERS,
                                      kwargs=lambda w: {"reference": w.measure.reference}),
    "actionplan:comment_create": Access(get=NOWHERE, post=MEMBERS,
                                        kwargs=lambda w: {"reference": w.measure.reference}),
    "actionplan:measure_follow": Access(get=NOWHERE, post=SIGNED_IN,
                                        kwargs=lambda w: {"reference": w.measure.reference}),
    "actionplan:measure_history": Access(get=PLANNERS, post=PLANNERS,
                                         kwargs=lambda w: {"reference": w.measure.reference}),
    "actionplan:measure_version": Access(get=PLANNERS, post=PLANNERS, kwargs=lambda w: {
        "reference": w.measure.reference, "history_id": w.measure.history.latest().history_id}),
    # Statistics
    "statistics:index": Access(get=EVERYONE, post=EVERYONE),
    "statistics:indicator_create": Access(get=PLANNERS, post=PLANNERS),
    "statistics:indicator_detail": Access(get=EVERYONE, post=EVERYONE, kwargs=lambda w: {"key": w.indicator.key}),
    "statistics:indicator_edit": Access(get=PLANNERS, post=PLANNERS, kwargs=lambda w: {"key": w.indicator.key}),
    "statistics:area_detail": Access(get=EVERYONE, post=EVERYONE, kwargs=lambda w: {"slug": w.area.slug}),
    "statistics:export": Access(get=EVERYONE, post=EVERYONE),
    "statistics:published_figures": Access(get=EVERYONE, post=EVERYONE),
    "statistics:import_upload": Access(get=PLANNERS, post=PLANNERS),
    "statistics:import_logs": Access(get=PLANNERS, post=PLANNERS),
    # A pending upload belongs to the session that uploaded it; anyone else's token is not found.
    "statistics:import_preview": Access(
        get=expect(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        post=expect(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        kwargs=lambda w: {"token": "fremder-upload"}),
    "statistics:import_discard": Access(get=NOWHERE, post=PLANNERS, kwargs=lambda w: {"token": "fremder-upload"}),
    # Reports
    "reports:index": Access(get=EVERYONE, post=NOWHERE),
    "reports:start": Access(get=PLANNERS, post=PLANNERS),
    "reports:settings": Access(get=NOWHERE, post=DEPARTMENT),
    # A draft build is not shown outside planning, not even as "forbidden".
    "reports:status": Access(get=PLANNERS_SEE_OTHERS_NOT_FOUND, post=NOWHERE, kwargs=lambda w: {"pk": w.draft.pk}),
    "reports:download": Access(get=PLANNERS_SEE_OTHERS_NOT_FOUND, post=NOWHERE,
                               kwargs=lambda w: {"pk": w.draft.pk}),
    # Publishing first shows who will see the report and asks to confirm.
    "reports:publish": Access(get=DEPARTMENT, post=DEPARTMENT, kwargs=lambda w: {"pk": w.draft.pk}),
    "reports:retry": Access(get=NOWHERE, post=PLANNERS, kwargs=lambda w: {"pk": w.draft.pk}),
    # Accounts (django-allauth). Pages for people without an account send signed-in people onwards.
    "account_login": Access(get=EVERYONE, post=EVERYONE),
    "account_logout": Access(get=EVERYONE, post=EVERYONE),
    "account_inactive": Access(get=EVERYONE, post=NOWHERE),
    "account_signup": Access(get=EVERYONE, post=EVERYONE),
    "account_reauthenticate": Access(get=SIGNED_IN, post=SIGNED_IN),
    "account_email": Access(get=SIGNED_IN, post=SIGNED_IN),
    "account_email_verification_sent": Access(get=EVERYONE, post=NOWHERE),
    "account_change_password": Access(get=SIGNED_IN, post=SIGNED_IN),
    "account_set_password": Access(get=SIGNED_IN, post=SIGNED_IN),
    "account_reset_password": Access(get=EVERYONE, post=EVERYONE),
    # Only during a login by code; without one, allauth starts the login again.
    "account_confirm_login_code": Access(get=SIGNED_IN, post=SIGNED_IN),
    # An unknown key shows "link invalid" to a GET and is not found for a POST.
    "account_confirm_email": Access(get=EVERYONE, post=NOT_FOUND_FOR_ALL, kwargs=lambda w: {"key": "ungueltig"}),
    "account_reset_password_from_key_done": Access(get=EVERYONE, post=NOWHERE),
    "account_reset_password_from_key": Access(get=EVERYONE, post=EVERYONE,
                                              kwargs=lambda w: {"uidb36": "0", "key": "ungueltig"}),
    "account_reset_password_done": Access(get=EVERYONE, post=NOWHERE),
    # Own data (DSGVO): the download is a GET; deleting asks for the password first.
    "core:data_export": Access(get=SIGNED_IN, post=expect(LOGIN, *[NOT_ALLOWED] * (len(ROLES) - 1))),
    "core:account_delete": Access(get=SIGNED_IN, post=SIGNED_IN),
    # Memberships: the Koordinationsstelle (the department stands in) and an organisation's contacts.
    "core:memberships": Access(get=COORDINATION, post=COORDINATION),
    "core:membership_confirm": Access(get=NOWHERE, post=COORDINATION, kwargs=lambda w: {"pk": w.pending.pk}),
    "core:membership_decline": Access(get=COORDINATION, post=COORDINATION, kwargs=lambda w: {"pk": w.pending.pk}),
    "core:membership_remove": Access(get=COORDINATION, post=COORDINATION, kwargs=lambda w: {"pk": w.pending.pk}),
    "core:membership_contact": Access(get=NOWHERE, post=COORDINATION, kwargs=lambda w: {"pk": w.pending.pk}),
    "core:organisation_create": Access(get=COORDINATION, post=COORDINATION),
    "core:organisation_edit": Access(get=COORDINATION, post=COORDINATION,
                                     kwargs=lambda w: {"pk": w.organisation.pk}),
    # Implementation: the overview is public; progress reports are written by planning or the lead.
    "actionplan:implementation": Access(get=EVERYONE, post=EVERYONE),
    "actionplan:readability": Access(get=NOWHERE, post=EVERYONE),
    "actionplan:progress_create": Access(get=PLANNERS, post=PLANNERS,
                                         kwargs=lambda w: {"reference": w.measure.reference}),
    "actionplan:progress_edit": Access(get=PLANNERS, post=PLANNERS, kwargs=lambda w: {
        "reference": w.measure.reference, "pk": w.progress.pk}),
    "actionplan:progress_versions": Access(get=PLANNERS, post=PLANNERS, kwargs=lambda w: {
        "reference": w.measure.reference, "pk": w.progress.pk}),
    "actionplan:progress_request": Access(get=NOWHERE, post=PLANNERS,
                                          kwargs=lambda w: {"reference": w.measure.reference}),
    "reports:start_implementation": Access(get=NOWHERE, post=PLANNERS),
    # Open data: read-only for everyone, answering through the pages' own visibility rules.
    "opendata:api-root": API,
    "opendata:catalogue": API,
    "opendata:catalogue_turtle": API,
    "opendata:schema": API,
    "opendata:swagger": API,
    "opendata:documentation": Access(get=EVERYONE, post=EVERYONE),
    "opendata:download": Access(get=EVERYONE, post=NOWHERE, kwargs=lambda w: {
        "dataset": "werte", "indikator": w.indicator.key, "fmt": "csv"}),
    "opendata:measure-list": API,
    "opendata:measure-detail": Access(get=EVERYONE, post=NOWHERE, kwargs=lambda w: {"nummer": w.measure.reference}),
    "opendata:outcome-list": API,
    "opendata:outcome-detail": Access(get=EVERYONE, post=NOWHERE, kwargs=lambda w: {"kennung": w.outcome.pk}),
    "opendata:event-list": API,
    "opendata:event-detail": Access(get=EVERYONE, post=NOWHERE, kwargs=lambda w: {"kennung": w.event.slug}),
    "opendata:indicator-list": API,
    "opendata:indicator-detail": Access(get=EVERYONE, post=NOWHERE, kwargs=lambda w: {"schluessel": w.indicator.key}),
    "opendata:value-list": API,
    "opendata:area-list": API,
    "opendata:area-detail": Access(get=EVERYONE, post=NOWHERE, kwargs=lambda w: {"schluessel": w.area.key}),
    "opendata:comment-list": API,
    "opendata:comment-detail": Access(get=EVERYONE, post=NOWHERE, kwargs=lambda w: {"kennung": w.comment.pk}),
    "opendata:report-list": API,
    # A draft build is not shown outside planning, in the API as on the pages.
    "opendata:report-detail": Access(get=PLANNERS_SEE_OTHERS_NOT_FOUND, post=NOWHERE,
                                     kwargs=lambda w: {"kennung": w.draft.pk}),
}


@dataclass(frozen=True)
class Group:
    """A third-party namespace whose views share one rule (new admin pages are covered by it)."""

    access: Access
    exceptions: dict  # URL name -> Access, for the few that differ


GROUPS = {
    # The administration is for staff only; everything else there is the admin's own business.
    "admin": Group(
        access=Access(get=STAFF, post=STAFF),
        exceptions={
            # The admin signs in through the site's login and its limits; signed-in non-staff are refused.
            "admin:login": Access(get=ADMIN_LOGIN, post=ADMIN_LOGIN),
            # Non-staff are sent to the admin's start page (and from there to its login).
            "admin:logout": Access(get=expect(OK, OK, OK, OK, OK, OK, NOT_ALLOWED), post=EVERYONE),
            "admin:jsi18n": Access(get=STAFF, post=STAFF_GET_ONLY),
            "admin:password_change_done": Access(get=STAFF, post=STAFF_GET_ONLY),
            # Without a field to complete there is nothing to answer.
            "admin:autocomplete": Access(get=STAFF_REFUSED, post=STAFF_GET_ONLY),
            # Import logs and report builds are written by the platform, never added by hand.
            "admin:statistics_importlog_add": Access(get=STAFF_REFUSED, post=STAFF_REFUSED),
            "admin:reports_reportexport_add": Access(get=STAFF_REFUSED, post=STAFF_REFUSED),
            # Progress reports are written on the measure page; the membership log is a record.
            "admin:actionplan_progressreport_add": Access(get=STAFF_REFUSED, post=STAFF_REFUSED),
            "admin:core_membershiplogentry_add": Access(get=STAFF_REFUSED, post=STAFF_REFUSED),
            "admin:core_membershiplogentry_change": Access(get=STAFF, post=STAFF_REFUSED),
            "admin:core_membershiplogentry_delete": Access(get=STAFF_REFUSED, post=STAFF_REFUSED),
            # A membership ends on the platform (core:membership_remove), where it is logged and mailed.
            "admin:core_membership_delete": Access(get=STAFF_REFUSED, post=STAFF_REFUSED),
            "admin:verwaltung/(?P<url>.*)$": Access(get=STAFF_NOT_FOUND, post=STAFF_NOT_FOUND),
        },
    ),
}


# --- The world the addresses point into ----------------------------------------------------
# Built once for the module (inside a transaction rolled back at its end): every request of every
# test runs in its own savepoint on top of it.

def _build_world():
    planner = PlannerFactory()
    author = member_of(display_name="Clara Kommentar")
    event = EventFactory(is_public=True)
    workshop = WorkshopFactory(event=event)
    measure = make_measure(by=planner)
    draft = ReportExport.objects.create(requested_by=planner, options={}, options_fingerprint="matrix",
                                        status=ReportExport.Status.DONE, progress=100, is_draft=True, page_count=1)
    draft.file.save(f"bericht-{draft.pk}.pdf", ContentFile(b"%PDF-1.7\n"))
    pending = member_of(confirmed=False, display_name="Paul Wartend").memberships.get()
    progress = ProgressReport.objects.create(measure=measure, title="Sachstand", text="Erste Schritte.", percent=10,
                                             created_by=planner)
    return SimpleNamespace(
        pending=pending, progress=progress, organisation=author.memberships.get().organisation,
        event=event, workshop=workshop, outcome=OutcomeFactory(workshop=workshop), period=open_period(),
        author=author, measure=measure, comment=make_comment(measure=measure, author=author), draft=draft,
        indicator=IndicatorFactory(is_published=True), area=Area.objects.filter(kind=Area.Kind.QUARTER).first(),
    )


def _build_people():
    return {
        "anonym": None,
        "angemeldet": UserFactory(),
        "unbestaetigt": member_of(confirmed=False),
        "mitglied": member_of(),
        "planung": PlannerFactory(),
        "dezernat": DepartmentFactory(),
        "personal": UserFactory(is_staff=True, is_superuser=True),
    }


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=fast), django_db_blocker.unblock():
        with transaction.atomic():
            if not Area.objects.exists():
                load_master_data(apps)
            yield _build_world(), _build_people()
            transaction.set_rollback(True)


@pytest.fixture
def world(matrix, db):
    return matrix[0]


@pytest.fixture
def people(matrix, db):
    return matrix[1]


# --- Walking the resolver ------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    key: str  # the URL name, or "<namespace>:<route>" for an unnamed pattern
    namespace: str
    pattern: URLPattern


def _walk(resolver, namespace="", prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace])) if entry.namespace else namespace
            yield from _walk(entry, inner, prefix + str(entry.pattern))
        else:
            route = prefix + str(entry.pattern)
            key = (f"{namespace}:{entry.name}" if namespace else entry.name) if entry.name else f"{namespace}:{route}"
            yield Route(key=key, namespace=namespace.split(":")[0], pattern=entry)


ROUTES = {route.key: route for route in _walk(get_resolver())}


def _rule_for(route):
    group = GROUPS.get(route.namespace)
    if group is not None:
        return group.exceptions.get(route.key, group.access)
    return ACCESS.get(route.key)


def _admin_url(route, world):
    """The admin's URLs take ids of whatever model they edit: use an existing row of it."""
    model_admin = getattr(route.pattern.callback, "model_admin", None)
    existing = model_admin.model.objects.order_by("pk").first() if model_admin else None
    object_id = existing.pk if existing else 0
    names = route.pattern.pattern.regex.groupindex
    if route.pattern.name is None:
        if "url" in names:  # the catch-all
            return "/verwaltung/gibt-es-nicht/"
        return "/" + re.sub(r"<(?:\w+:)?\w+>", str(object_id), route.key.split(":", 1)[1])
    if "app_label" in names:
        return reverse(route.key, kwargs={"app_label": "core"})
    if "content_type_id" in names:
        measure = world.measure
        return reverse(route.key, kwargs={"content_type_id": ContentType.objects.get_for_model(measure).pk,
                                          "object_id": measure.pk})
    if set(names) == {"id"}:  # the user admin's password form
        return reverse(route.key, kwargs={"id": world.author.pk})
    if names:
        return reverse(route.key, kwargs={name: object_id for name in names})
    if route.pattern.pattern.regex.groups:  # simple_history's view of one past version, positional
        model = next(m for m in apps.get_models()
                     if route.key == f"admin:{m._meta.app_label}_{m._meta.model_name}_simple_history")
        record = model.history.order_by("-history_id").first()
        return reverse(route.key, args=[record.id, record.history_id])
    return reverse(route.key)


def _url(route, rule, world):
    if route.namespace == "admin":
        return _admin_url(route, world)
    kwargs = rule.kwargs(world) if rule.kwargs else {}
    return reverse(route.key, kwargs=kwargs)


def _outcome(response):
    if response.status_code in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        if path in (reverse("account_login"), reverse("admin:login")):
            return LOGIN
        return OK
    if response.status_code in (401, 403, 404, 405):
        return str(response.status_code)
    if response.status_code >= 500:
        return f"Serverfehler {response.status_code}"
    return OK


def _missing_row_message(route):
    params = sorted(route.pattern.pattern.regex.groupindex)
    kwargs = ""
    if params:
        kwargs = ", kwargs=lambda w: {" + ", ".join(f'"{name}": ...' for name in params) + "}"
    return (
        f"„{route.key}“ ({route.pattern.lookup_str}) steht nicht in der Berechtigungstabelle.\n"
        f"Tragen Sie in tests/test_url_permissions.py in ACCESS ein, wer die Adresse aufrufen darf, z. B.:\n"
        f'    "{route.key}": Access(get=PLANNERS, post=PLANNERS{kwargs}),\n'
        f"(Bausteine: EVERYONE, SIGNED_IN, MEMBERS, PLANNERS, DEPARTMENT, NOWHERE oder "
        f"expect(anonym, angemeldet, unbestaetigt, mitglied, planung, dezernat, personal).)"
    )


# A script element without src that the browser would run (a JSON data block, as allauth's e-mail
# page carries for its own static script, is data, not code).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>\s*\S", re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle=", re.IGNORECASE)


def _page_policy_problems(response):
    """Every answer carries the Content-Security-Policy; no page needs an inline script or style."""
    problems = []
    if "script-src 'self'" not in response.get("Content-Security-Policy", ""):
        problems.append("ohne Content-Security-Policy mit script-src 'self'")
    if "Permissions-Policy" not in response:
        problems.append("ohne Permissions-Policy")
    if response.get("Content-Type", "").startswith("text/html") and not getattr(response, "streaming", False):
        body = response.content.decode("utf-8", errors="replace")
        if _INLINE_SCRIPT.search(body):
            problems.append("enthält ein Inline-Skript")
        # simple_history's admin page gives its pager a border by a style attribute; the policy drops
        # it, which costs nothing but that border. Our own pages have none.
        if _STYLE_ATTRIBUTE.search(body) and not response.wsgi_request.path.startswith("/verwaltung/"):
            problems.append("enthält ein style-Attribut")
    return problems


def test_every_routed_address_is_in_the_table():
    missing = [route for route in ROUTES.values() if _rule_for(route) is None]
    assert not missing, "\n\n".join(_missing_row_message(route) for route in missing)


def test_the_table_names_no_address_that_is_gone():
    gone = sorted(set(ACCESS) - set(ROUTES))
    assert not gone, f"Diese Zeilen der Berechtigungstabelle gehören zu keiner Adresse mehr: {', '.join(gone)}"


@pytest.mark.parametrize("key", sorted(key for key, route in ROUTES.items() if _rule_for(route) is not None))
def test_every_role_gets_what_the_table_says(client, world, people, key):
    route = ROUTES[key]
    rule = _rule_for(route)
    url = _url(route, rule, world)
    wrong = []
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        for method, expected in (("GET", rule.get[role]), ("POST", rule.post[role])):
            with transaction.atomic():
                if method == "GET":
                    response = client.get(url)
                else:
                    response = client.post(url, rule.data(world) if rule.data else {})
                transaction.set_rollback(True)
            got = _outcome(response)
            wrong.extend(f"{role:>12} {method:<4} {url}: {problem}" for problem in _page_policy_problems(response))
            if got != expected:
                wrong.append(f"{role:>12} {method:<4} {url}: erwartet {expected}, bekommen {got} "
                             f"({response.status_code} {response.get('Location', '')})")
    assert not wrong, f"{key}:\n" + "\n".join(wrong)



# --- Signed out while typing ---------------------------------------------------------------

TYPED = "Ein längerer Text, der nach dem Abmelden in einem anderen Tab nicht verloren gehen darf."
SIGNED_OUT_FORMS = sorted(key for key, route in ROUTES.items()
                          if route.namespace != "admin" and _rule_for(route) is not None
                          and _rule_for(route).post["anonym"] == LOGIN)


@pytest.mark.parametrize("key", SIGNED_OUT_FORMS)
def test_every_form_sent_after_the_session_ended_gives_the_text_back(client, world, key):
    # The session is gone (expired, or signed out in another tab) when the form is sent.
    route = ROUTES[key]
    rule = _rule_for(route)
    url = _url(route, rule, world)
    data = {**(rule.data(world) if rule.data else {}), "text": TYPED}
    for htmx in (False, True):
        with transaction.atomic():
            response = client.post(url, data, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
            transaction.set_rollback(True)
        body = response.content.decode()
        assert response.get("X-Not-Saved") == "session", (key, htmx, response.status_code, response.get("Location"))
        if htmx:
            # A notice for the page's notice area; the form with the text stays where it is. Never
            # a whole page pasted into part of one.
            assert "<main" not in body and response["HX-Retarget"] == "#systemhinweis"
            assert "Ihre Eingabe steht weiter im Formular" in body
        else:
            assert response.status_code == 403 and "Bitte erneut anmelden" in body and TYPED in body
