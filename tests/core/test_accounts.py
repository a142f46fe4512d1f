"""Logging in and out with an e-mail address, in German, with verification required."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_person_logs_in_with_email_and_password_and_sees_their_name(client):
    user = UserFactory(email="anna.schmidt@diakonie-hannover.de", display_name="Anna Schmidt")
    response = _login(client, "Anna.Schmidt@diakonie-hannover.de", PASSWORD)
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert "Angemeldet als" in page
    assert user.get_display_name() in page


def test_wrong_password_is_refused_with_a_german_message(client):
    UserFactory(email="anna@example.org")
    response = _login(client, "anna@example.org", "falsch-falsch")
    assert response.status_code == 200
    assert "E-Mail-Adresse und/oder das Passwort sind leider falsch" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unverified_address_cannot_log_in_and_gets_a_verification_mail(client):
    UserFactory(email="neu@example.org", verified=False)
    response = _login(client, "neu@example.org", PASSWORD)
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["neu@example.org"]
    assert mail.outbox[0].subject.startswith("[Aktionsplan gegen Armut]")


def test_signup_requires_confirming_the_address_before_login(client):
    response = client.post(reverse("account_signup"), {
        "email": "initiative@example.org", "display_name": "Ilse Sahlkamp",
        "password1": "Sahlkamp-Treff-2026", "password2": "Sahlkamp-Treff-2026",
    })
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    address = EmailAddress.objects.get(email="initiative@example.org")
    assert address.verified is False
    assert address.user.public_name == "Ilse Sahlkamp"
    body = mail.outbox[0].body
    assert body.startswith("Guten Tag,")
    assert "Hallo von" not in body and " du " not in body
    assert "Koordinationsstelle Sozialplanung" in body
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", body).group(0)
    client.post(link.split("testserver", 1)[-1])
    address.refresh_from_db()
    assert address.verified is True


def test_logout_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "Anmelden" in client.get(reverse("home")).content.decode()


def test_password_reset_sends_a_german_mail_with_a_working_link(client):
    user = UserFactory(email="vergesslich@example.org")
    client.post(reverse("account_reset_password"), {"email": "vergesslich@example.org"})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Passwort" in body
    link = re.search(r"https?://\S+/konto/password/reset/key/\S+/", body).group(0)
    path = link.split("testserver", 1)[-1]
    form_page = client.get(path, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    client.post(action, {"password1": "Neues-Passwort-2026", "password2": "Neues-Passwort-2026"})
    user.refresh_from_db()
    assert user.check_password("Neues-Passwort-2026")


def test_account_pages_speak_formal_german(client):
    for name in ("account_login", "account_signup", "account_reset_password"):
        page = client.get(reverse(name)).content.decode()
        assert '<html lang="de">' in page
        for english in ("Sign In", "Sign Up", "Password Reset", "Forgot Password"):
            assert english not in page
        assert not re.search(r"\b(du|dein|deine)\b", page), name


def test_login_rate_limit_is_active(settings):
    # allauth's own limits on failed logins stay switched on.
    from allauth.account import app_settings

    assert app_settings.RATE_LIMITS.get("login_failed")


def test_signup_without_a_name_is_refused_and_keeps_the_address(client):
    response = client.post(reverse("account_signup"), {
        "email": "ohne-name@example.org", "display_name": "  ",
        "password1": "Sahlkamp-Treff-2026", "password2": "Sahlkamp-Treff-2026",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ihr Name" in page
    assert 'value="ohne-name@example.org"' in page
    assert not EmailAddress.objects.filter(email="ohne-name@example.org").exists()


def test_a_person_without_a_name_is_never_shown_by_their_email_address(db):
    person = UserFactory(email="anna.mueller@example.org", display_name="", first_name="", last_name="")
    assert person.public_name == ""
    assert "anna.mueller" not in person.get_display_name()
    assert "anna.mueller" not in str(person)
