"""A person names themselves and asks to speak for their organisation; staff confirm it."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import Membership
from core.permissions import Role, role_of
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("core:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_person_changes_their_display_name(client, plain_user):
    client.force_login(plain_user)
    response = client.post(reverse("core:profile"), {"display_name": "Anna Schmidt", "save_profile": "1"}, follow=True)
    assert "Ihr Anzeigename ist gespeichert." in response.content.decode()
    plain_user.refresh_from_db()
    assert plain_user.get_display_name() == "Anna Schmidt"


def test_empty_display_name_is_refused_and_nothing_changes(client, plain_user):
    before = plain_user.display_name
    client.force_login(plain_user)
    response = client.post(reverse("core:profile"), {"display_name": "", "save_profile": "1"})
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    plain_user.refresh_from_db()
    assert plain_user.display_name == before


def test_membership_request_waits_for_confirmation_and_tells_staff(
    client, plain_user, settings, django_capture_on_commit_callbacks
):
    settings.MEMBERSHIP_NOTIFY_EMAILS = ["sozialplanung@example.org"]
    organisation = OrganisationFactory(name="Caritasverband Hannover e. V.")
    client.force_login(plain_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:profile"), {"organisation": organisation.pk, "request_membership": "1"}, follow=True
        )
    page = response.content.decode()
    assert "Ihre Anfrage ist eingegangen" in page
    assert "wartet auf Bestätigung" in page
    membership = Membership.objects.get(user=plain_user, organisation=organisation)
    assert membership.confirmed is False
    assert role_of(plain_user) is Role.PUBLIC
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sozialplanung@example.org"]
    assert mail.outbox[0].subject == (
        "[Aktionsplan gegen Armut] Mitgliedschaft bestätigen: Caritasverband Hannover e. V."
    )
    assert plain_user.email in mail.outbox[0].body


def test_second_request_for_the_same_organisation_is_refused(client, member):
    organisation = member.memberships.get().organisation
    client.force_login(member)
    response = client.post(reverse("core:profile"), {"organisation": organisation.pk, "request_membership": "1"})
    page = response.content.decode()
    assert "bereits eine Mitgliedschaft" in page
    assert f'<option value="{organisation.pk}"' not in page
    assert Membership.objects.filter(user=member).count() == 1
    assert mail.outbox == []


def test_without_configured_confirmers_active_staff_are_told(client, plain_user, django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    UserFactory(email="koordination@hannover-stadt.de", is_staff=True)
    UserFactory(email="ehemalig@hannover-stadt.de", is_staff=True, is_active=False)
    organisation = OrganisationFactory(name="AWO Region Hannover e. V.")
    client.force_login(plain_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:profile"), {"organisation": organisation.pk, "request_membership": "1"})
    assert [m.to for m in mail.outbox] == [["koordination@hannover-stadt.de"]]


def test_display_name_of_only_spaces_is_refused(client, plain_user):
    client.force_login(plain_user)
    response = client.post(reverse("core:profile"), {"display_name": "   ", "save_profile": "1"})
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    plain_user.refresh_from_db()
    assert plain_user.display_name.strip()


def test_a_person_whose_organisation_is_missing_learns_whom_to_write_to(client, plain_user, settings):
    settings.OPEN_DATA_CONTACT_EMAIL = "sozialplanung@example.org"
    client.force_login(plain_user)
    page = client.get(reverse("core:profile")).content.decode()
    assert "Fehlt Ihre Organisation? Schreiben Sie an die Koordinationsstelle Sozialplanung: " \
           "sozialplanung@example.org." in page
