"""The Koordinationsstelle and each organisation's contact people confirm members in the platform."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import Membership, MembershipLogEntry, Organisation
from core.permissions import COORDINATION_GROUP, Role, role_of
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordination(db):
    return UserFactory(display_name="Klara Koordination", roles=[COORDINATION_GROUP])


@pytest.fixture
def caritas(db):
    return OrganisationFactory(name="Caritasverband Hannover e. V.")


@pytest.fixture
def request_for(plain_user, caritas):
    return Membership.objects.create(user=plain_user, organisation=caritas)


def contact_of(organisation, **kwargs):
    person = member_of(organisation, **kwargs)
    person.memberships.update(is_contact=True)
    return person


def test_coordination_sees_pending_requests_and_the_navigation_link(client, coordination, request_for):
    client.force_login(coordination)
    page = client.get(reverse("core:memberships")).content.decode()
    assert f'href="{reverse("core:memberships")}"' in page
    assert "Offene Anfragen (1)" in page
    assert "Paula Privat" in page and "Caritasverband Hannover e. V." in page


def test_coordination_confirms_and_the_person_is_told_and_may_comment(
    client, coordination, request_for, plain_user, django_capture_on_commit_callbacks
):
    client.force_login(coordination)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:membership_confirm", args=[request_for.pk]), follow=True)
    assert "ist jetzt bestätigtes Mitglied" in response.content.decode()
    request_for.refresh_from_db()
    assert request_for.confirmed
    assert role_of(type(plain_user).objects.get(pk=plain_user.pk)) is Role.MEMBER
    assert [m.to for m in mail.outbox] == [[plain_user.email]]
    assert mail.outbox[0].subject == "[Aktionsplan gegen Armut] Mitgliedschaft bestätigt: Caritasverband Hannover e. V."
    entry = MembershipLogEntry.objects.get()
    assert (entry.action, entry.by, entry.person) == ("bestaetigt", coordination, plain_user)
    assert "bestätigt" in client.get(reverse("core:memberships")).content.decode().split("Protokoll")[-1]


def test_decline_needs_a_reason_and_sends_it_to_the_person(
    client, coordination, request_for, plain_user, django_capture_on_commit_callbacks
):
    client.force_login(coordination)
    url = reverse("core:membership_decline", args=[request_for.pk])
    response = client.post(url, {"reason": "  "})
    assert "Bitte geben Sie einen Grund an" in response.content.decode()
    assert Membership.objects.filter(pk=request_for.pk).exists()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Die Organisation kennt Sie nicht."}, follow=True)
    assert "ist abgelehnt" in response.content.decode()
    assert not Membership.objects.filter(pk=request_for.pk).exists()
    assert mail.outbox[0].to == [plain_user.email]
    assert "abgelehnt" in mail.outbox[0].subject
    assert "Begründung: Die Organisation kennt Sie nicht." in mail.outbox[0].body
    entry = MembershipLogEntry.objects.get()
    assert (entry.action, entry.reason) == ("abgelehnt", "Die Organisation kennt Sie nicht.")
    assert "Die Organisation kennt Sie nicht." in client.get(reverse("core:memberships")).content.decode()


def test_organisation_contact_confirms_and_removes_own_members_only(
    client, caritas, request_for, plain_user, django_capture_on_commit_callbacks
):
    contact = contact_of(caritas, display_name="Carla Kontakt")
    other_request = MembershipFactory(organisation=OrganisationFactory(name="AWO Test e. V."), confirmed=False)
    client.force_login(contact)
    page = client.get(reverse("core:memberships")).content.decode()
    assert "Paula Privat" in page
    assert "AWO Test e. V." not in page

    client.post(reverse("core:membership_confirm", args=[request_for.pk]))
    request_for.refresh_from_db()
    assert request_for.confirmed

    assert client.post(reverse("core:membership_confirm", args=[other_request.pk])).status_code == 403
    assert client.post(reverse("core:membership_decline", args=[other_request.pk]), {"reason": "x"}).status_code == 403
    other_request.refresh_from_db()
    assert not other_request.confirmed

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:membership_remove", args=[request_for.pk]), {"reason": ""})
    assert not Membership.objects.filter(pk=request_for.pk).exists()
    assert list(MembershipLogEntry.objects.values_list("action", flat=True)) == ["entfernt", "bestaetigt"]
    assert mail.outbox[-1].to == [plain_user.email]


def test_contact_cannot_create_organisations_or_name_contacts(client, caritas, request_for):
    contact = contact_of(caritas)
    client.force_login(contact)
    assert client.get(reverse("core:organisation_create")).status_code == 403
    response = client.post(reverse("core:membership_contact", args=[request_for.pk]), {"is_contact": "1"})
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["planung", "mitglied", "unbestaetigt", "angemeldet"])
def test_others_cannot_see_or_decide_requests(client, users_by_role, role, request_for):
    client.force_login(users_by_role[role])
    assert client.get(reverse("core:memberships")).status_code == 403
    assert client.post(reverse("core:membership_confirm", args=[request_for.pk])).status_code == 403
    request_for.refresh_from_db()
    assert not request_for.confirmed
    assert 'href="/konto/mitgliedschaften/"' not in client.get(reverse("home")).content.decode()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("core:memberships"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_department_may_stand_in_for_the_coordination(client, department, request_for):
    client.force_login(department)
    client.post(reverse("core:membership_confirm", args=[request_for.pk]))
    request_for.refresh_from_db()
    assert request_for.confirmed


def test_coordination_creates_and_edits_an_organisation(client, coordination):
    client.force_login(coordination)
    data = {"name": "Tafel Hannover e. V.", "short_name": "Tafel", "kind": "verein",
            "website": "https://tafel.example.org", "contact": "info@tafel.example.org"}
    client.post(reverse("core:organisation_create"), data)
    organisation = Organisation.objects.get(name="Tafel Hannover e. V.")
    assert organisation.contact == "info@tafel.example.org"

    response = client.post(reverse("core:organisation_edit", args=[organisation.pk]), {**data, "website": "kein Link"})
    assert "Bitte geben Sie eine gültige Webadresse ein." in response.content.decode()
    assert 'value="kein Link"' in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.website == "https://tafel.example.org"

    client.post(reverse("core:organisation_edit", args=[organisation.pk]), {**data, "kind": "initiative"})
    organisation.refresh_from_db()
    assert organisation.kind == "initiative"


def test_coordination_names_a_contact_who_then_manages_their_organisation(client, coordination, caritas):
    person = member_of(caritas, display_name="Bea Beispiel")
    membership = person.memberships.get()
    client.force_login(coordination)
    client.post(reverse("core:membership_contact", args=[membership.pk]), {"is_contact": "1"})
    membership.refresh_from_db()
    assert membership.is_contact
    assert MembershipLogEntry.objects.get().action == "ansprechperson"
    client.force_login(person)
    assert client.get(reverse("core:memberships")).status_code == 200


def test_new_request_mail_goes_to_coordination_and_contacts_with_the_platform_link(
    client, coordination, caritas, plain_user, django_capture_on_commit_callbacks
):
    contact = contact_of(caritas)
    client.force_login(plain_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:profile"), {"organisation": caritas.pk, "request_membership": "1"})
    assert sorted(mail.outbox[0].to) == sorted([coordination.email, contact.email])
    assert "/konto/mitgliedschaften/" in mail.outbox[0].body
    assert "/verwaltung/" not in mail.outbox[0].body


def test_demo_has_a_coordination_login_who_sees_the_membership_page(client):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    assert "Koordinationsstelle" in out.getvalue()
    assert "koordination@demo.hannover-teilhabe.de" in out.getvalue()
    client.post("/konto/login/", {"login": "koordination@demo.hannover-teilhabe.de", "password": "Demo-Teilhabe-2026"})
    page = client.get(reverse("core:memberships")).content.decode()
    assert "Mitgliedschaften und Organisationen" in page
    assert "Vera Verband (Demo)" in page and "Ansprechperson" in page


def test_the_admin_neither_confirms_nor_removes_a_membership_without_the_log(client, request_for):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    change_url = reverse("admin:core_membership_change", args=[request_for.pk])
    client.post(change_url, {"user": request_for.user_id, "organisation": request_for.organisation_id,
                             "confirmed": "on", "is_contact": "on"})
    request_for.refresh_from_db()
    assert (request_for.confirmed, request_for.is_contact) == (False, False)
    delete_url = reverse("admin:core_membership_delete", args=[request_for.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Membership.objects.filter(pk=request_for.pk).exists()

    # The admin's action confirms through the platform's service: logged like a confirmation on the page.
    client.post(reverse("admin:core_membership_changelist"),
                {"action": "confirm", "_selected_action": [request_for.pk]})
    request_for.refresh_from_db()
    assert request_for.confirmed
    assert MembershipLogEntry.objects.get().by == staff
