"""People and scripts that send too much are slowed down, told in German when to try again, and
keep what they typed; the counters live in the shared Redis cache of the run."""

import io
import re

import pytest
import redis
from django.conf import settings as dj_settings
from django.core import mail
from django.urls import reverse

from actionplan.models import Comment, CommentReport
from core.models import Membership
from reports.models import ReportExport
from tests.actionplan.factories import make_comment, make_measure, open_period
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

WAIT = re.compile(r"Bitte versuchen Sie es in \d+ (Sekunden?|Minuten?|Stunden?) erneut\.")


@pytest.fixture
def measure(planner):
    open_period()
    return make_measure(by=planner)


def _comment(client, measure, member, text):
    organisation = member.memberships.get().organisation_id
    return client.post(reverse("actionplan:comment_create", args=[measure.reference]),
                       {"organisation": organisation, "position": "zustimmung", "text": text})


def _assert_throttled(response):
    body = response.content.decode()
    assert response.status_code == 429
    assert WAIT.search(body), body
    assert 0 < int(response["Retry-After"]) <= 3600
    return body


def test_the_run_keeps_its_rate_limits_in_redis_on_its_own_database():
    cache = dj_settings.CACHES["default"]
    assert cache["BACKEND"] == "hannover_teilhabe.cache.ResilientRedisCache"
    assert cache["LOCATION"] == dj_settings.CELERY_BROKER_URL


def test_a_member_who_comments_too_often_is_told_when_to_try_again_and_keeps_the_text(
        client, settings, member, measure):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": ("2/10m", None)}
    client.force_login(member)
    for n in range(2):
        assert _comment(client, measure, member, f"Kommentar {n}").status_code == 302

    response = _comment(client, measure, member, "Mein sorgfältig formulierter dritter Kommentar")

    body = _assert_throttled(response)
    assert "Mein sorgfältig formulierter dritter Kommentar" in body
    assert Comment.objects.count() == 2
    # The counter is in the run's Redis database, where every gunicorn worker would see it.
    client_redis = redis.Redis.from_url(dj_settings.CACHES["default"]["LOCATION"])
    assert any(b"teilhabe:" in key for key in client_redis.scan_iter(match="teilhabe:*"))


def test_replies_count_towards_the_same_limit(client, settings, member, measure):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": ("1/10m", None)}
    other = member_of(display_name="Otto Anders")
    parent = make_comment(measure=measure, author=other)
    client.force_login(member)
    assert _comment(client, measure, member, "Erster Kommentar").status_code == 302

    response = client.post(reverse("actionplan:comment_reply", args=[parent.pk]),
                           {"organisation": member.memberships.get().organisation_id, "text": "Meine Antwort"})

    body = _assert_throttled(response)
    assert "Meine Antwort" in body
    assert not Comment.objects.filter(parent=parent).exists()


def test_reporting_comments_is_limited_and_the_reason_stays_in_the_form(client, settings, member, measure):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment_report": ("1/h", None)}
    first, second = (make_comment(measure=measure, author=member_of(), text=f"Text {n}") for n in range(2))
    reporter = UserFactory()
    client.force_login(reporter)
    assert client.post(reverse("actionplan:comment_report", args=[first.pk]),
                       {"reason": "Beleidigend"}).status_code == 302

    response = client.post(reverse("actionplan:comment_report", args=[second.pk]),
                           {"reason": "Ebenfalls beleidigend, siehe Absatz 2"})

    body = _assert_throttled(response)
    assert "Ebenfalls beleidigend, siehe Absatz 2" in body
    assert CommentReport.objects.count() == 1


def test_membership_requests_are_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "membership_request": ("2/h", None)}
    person = UserFactory()
    organisations = [OrganisationFactory() for _ in range(3)]
    client.force_login(person)
    for organisation in organisations[:2]:
        response = client.post(reverse("core:profile"), {"request_membership": "1", "organisation": organisation.pk})
        assert response.status_code == 302

    response = client.post(reverse("core:profile"), {"request_membership": "1", "organisation": organisations[2].pk})

    _assert_throttled(response)
    assert Membership.objects.filter(user=person).count() == 2


def test_report_builds_are_limited_per_person(client, settings, planner):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report_build": ("1/10m", None)}
    client.force_login(planner)
    assert client.post(reverse("reports:start"), {"states": ["beschlossen"]}).status_code == 302

    response = client.post(reverse("reports:start"), {"states": ["beteiligung"], "include_statistics": "on"})

    _assert_throttled(response)
    assert ReportExport.objects.count() == 1


def test_a_second_click_on_a_queued_build_gets_the_same_build(client, planner):
    client.force_login(planner)
    first = client.post(reverse("reports:start"), {"states": ["beschlossen"]})
    second = client.post(reverse("reports:start"), {"states": ["beschlossen"]})
    assert first["Location"] == second["Location"]
    assert ReportExport.objects.count() == 1


def _csv(name="werte.csv"):
    upload = io.BytesIO(b"Gebiet;Indikator;Jahr;Wert\nSahlkamp;x;2024;1\n")
    upload.name = name
    return upload


def test_import_uploads_are_limited(client, settings, planner, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "import_upload": ("2/10m", None)}
    client.force_login(planner)
    for _ in range(2):
        assert client.post(reverse("statistics:import_upload"),
                           {"file": _csv(), "file_format": "long"}).status_code != 429

    response = client.post(reverse("statistics:import_upload"), {"file": _csv(), "file_format": "long"})

    body = _assert_throttled(response)
    assert "Zu viele Anfragen" in body and "<html" in body


def test_an_htmx_request_that_is_limited_gets_a_fragment_not_a_page(client, settings, planner, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "import_upload": ("1/10m", None)}
    client.force_login(planner)
    client.post(reverse("statistics:import_upload"), {"file": _csv(), "file_format": "long"})

    response = client.post(reverse("statistics:import_upload"), {"file": _csv(), "file_format": "long"},
                           HTTP_HX_REQUEST="true")

    body = _assert_throttled(response)
    assert "<html" not in body and "<main" not in body
    assert response["HX-Retarget"] == "#htmx-meldung"


def test_password_reset_mails_are_limited_per_address(client):
    person = UserFactory(email="vergesslich@example.org")
    url = reverse("account_reset_password")
    for _ in range(3):
        assert client.post(url, {"email": person.email}).status_code == 302

    response = client.post(url, {"email": person.email})

    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert len(mail.outbox) == 3


def test_limits_key_on_the_visitor_behind_the_trusted_proxy(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "membership_request": (None, "1/h")}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def ask(address):
        person = UserFactory()
        client.force_login(person)
        data = {"request_membership": "1", "organisation": OrganisationFactory().pk}
        return client.post(reverse("core:profile"), data, HTTP_X_FORWARDED_FOR=address)

    assert ask("203.0.113.5").status_code == 302
    assert ask("198.51.100.7").status_code == 302  # another visitor behind the same proxy
    assert ask("203.0.113.5").status_code == 429  # the first visitor again, with another account


def test_without_a_trusted_proxy_a_forged_forwarded_header_does_not_escape_the_limit(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "membership_request": (None, "1/h")}

    def ask(address):
        client.force_login(UserFactory())
        data = {"request_membership": "1", "organisation": OrganisationFactory().pk}
        return client.post(reverse("core:profile"), data, HTTP_X_FORWARDED_FOR=address)

    assert ask("203.0.113.5").status_code == 302
    assert ask("198.51.100.7").status_code == 429


def test_when_the_cache_is_down_people_can_still_log_in_and_comment(client, settings, member, measure, password):
    # Port 1 refuses at once: as if Redis had just restarted.
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}}

    logged_in = client.post(reverse("account_login"), {"login": member.email, "password": password})
    assert logged_in.status_code == 302
    response = _comment(client, measure, member, "Trotz Störung veröffentlicht")

    assert response.status_code == 302
    assert Comment.objects.filter(text="Trotz Störung veröffentlicht").exists()
