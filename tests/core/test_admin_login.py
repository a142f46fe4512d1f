"""The administration's login is the site's login, with the same limit on wrong passwords."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(password):
    return UserFactory(email="verwaltung@hannover.example", is_staff=True, is_superuser=True)


def test_the_admin_sends_people_to_the_site_login(client):
    response = client.get("/verwaltung/login/?next=/verwaltung/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_password_posted_to_the_admin_login_is_not_checked_there(client, staff, password):
    response = client.post("/verwaltung/login/", {"username": staff.email, "password": password})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, staff, password):
    login_url = reverse("account_login") + "?next=/verwaltung/"
    for _ in range(5):
        wrong = client.post(login_url, {"login": staff.email, "password": "falsch-geraten"})
        assert wrong.status_code == 200
        assert "_auth_user_id" not in client.session

    response = client.post(login_url, {"login": staff.email, "password": password})

    # The same limit as the site's login, and it says when to try again.
    assert ("Zu viele gescheiterte Anmeldeversuche. Bitte versuchen Sie es spätestens in 5 Minuten erneut."
            in response.content.decode())
    assert "_auth_user_id" not in client.session
    assert client.get("/verwaltung/").status_code == 302


def test_staff_reach_the_admin_after_signing_in(client, staff, password):
    response = client.post(reverse("account_login") + "?next=/verwaltung/", {"login": staff.email,
                                                                              "password": password})
    assert response.status_code == 302 and response["Location"] == "/verwaltung/"
    assert client.get("/verwaltung/").status_code == 200


def test_a_signed_in_person_without_staff_rights_is_refused_by_the_admin(client):
    client.force_login(UserFactory())
    assert client.get("/verwaltung/login/").status_code == 403
