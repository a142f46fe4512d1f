"""Every page a person opens carries a tight Content-Security-Policy and a Permissions-Policy."""

import pytest
from django.urls import reverse

from tests.actionplan.factories import make_measure, open_period

pytestmark = pytest.mark.django_db

MAIN_PAGES = [
    "/",
    "/workshops/",
    "/aktionsplan/",
    "/statistik/",
    "/berichte/",
    "/seite/datenschutz/",
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
    "/gibt-es-nicht/",
]


def _directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_every_main_page_carries_the_policies(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    directives = _directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_pages_for_signed_in_people_carry_the_policies(client, planner):
    open_period()
    measure = make_measure(by=planner)
    client.force_login(planner)
    for path in (reverse("core:profile"), measure.get_absolute_url(), reverse("actionplan:moderation"),
                 reverse("core:account_delete"), reverse("actionplan:consultation")):
        response = client.get(path)
        assert response.status_code in (200, 403), path
        assert _directives(response)["script-src"] == ["'self'"], path


def test_no_page_needs_inline_script(client):
    body = client.get("/").content.decode()
    assert "<script>" not in body and "<script " not in body.replace('<script src="', "")
    assert "unsafe-inline" not in client.get("/")["Content-Security-Policy"]
