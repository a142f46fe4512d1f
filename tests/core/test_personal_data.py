"""A person takes everything the platform holds about them home, and can delete their account;
what they wrote for their organisation stays, as an "ehemaliges Mitglied"."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from actionplan import services as actionplan_services
from actionplan.models import Comment, CommentReport, Follow
from core import services as core_services
from core.models import Membership, MembershipLogEntry, SitePage, User
from tests.actionplan.factories import make_comment, make_measure, open_period
from tests.factories import UserFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(planner):
    open_period()
    return make_measure(by=planner, title="Schuldnerberatung im Stadtteil")


@pytest.fixture
def active_member(member, measure):
    """Mona has commented, follows the measure and reported someone else's comment."""
    make_comment(measure=measure, author=member, text="Wir bieten Räume im Familienzentrum an.")
    actionplan_services.measure_follow(measure=measure, user=member)
    other = make_comment(measure=measure, author=member_of(), text="Unsachlicher Beitrag")
    actionplan_services.comment_report(comment=other, by=member, reason="Beleidigend gegenüber Betroffenen")
    return member


def test_the_data_export_holds_profile_memberships_comments_follows_and_reports(client, active_member):
    client.force_login(active_member)

    response = client.get(reverse("core:data_export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"] and ".json" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profil"]["email"] == active_member.email
    assert data["profil"]["display_name"] == "Mona Mitglied"
    assert "password" not in json.dumps(data)
    sections = data["daten"]
    organisation = active_member.memberships.get().organisation
    assert sections["core.membership.user"]["eintraege"][0]["organisation"]["name"] == organisation.name
    assert [c["text"] for c in sections["actionplan.comment.author"]["eintraege"]] == [
        "Wir bieten Räume im Familienzentrum an."]
    assert sections["actionplan.follow.user"]["eintraege"][0]["measure"]["name"].endswith(
        "Schuldnerberatung im Stadtteil")
    assert sections["actionplan.commentreport.reported_by"]["eintraege"][0]["reason"] == \
        "Beleidigend gegenüber Betroffenen"
    assert sections["account.emailaddress.user"]["eintraege"][0]["email"] == active_member.email


def test_the_export_holds_nothing_of_other_people(client, active_member):
    someone_else = UserFactory(email="fremd@example.org", display_name="Fremde Person")
    client.force_login(active_member)
    text = client.get(reverse("core:data_export")).content.decode()
    assert someone_else.email not in text and "Fremde Person" not in text


def test_the_export_is_for_signed_in_people_only(client):
    response = client.get(reverse("core:data_export"))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_deleting_the_account_keeps_comments_as_former_member_and_reports_without_the_person(
        client, active_member, measure, password):
    organisation = active_member.memberships.get().organisation
    client.force_login(active_member)
    page = client.get(reverse("core:account_delete")).content.decode()
    assert "ehemaliges Mitglied" in page and "Ihr Passwort" in page

    response = client.post(reverse("core:account_delete"), {"password": password})

    assert response.status_code == 302
    assert not User.objects.filter(email="mona@example.org").exists()
    assert not User.objects.filter(pk=active_member.pk).exists()
    comment = Comment.objects.get(text="Wir bieten Räume im Familienzentrum an.")
    assert comment.author is None and comment.organisation == organisation
    report = CommentReport.objects.get(reason="Beleidigend gegenüber Betroffenen")
    assert report.reported_by is None
    assert not Follow.objects.exists() and not Membership.objects.filter(user_id=active_member.pk).exists()
    assert "_auth_user_id" not in client.session
    detail = client.get(measure.get_absolute_url()).content.decode()
    assert f"ehemaliges Mitglied von {organisation.name}" in detail
    assert "Mona Mitglied" not in detail


def test_a_wrong_password_deletes_nothing(client, active_member):
    client.force_login(active_member)

    response = client.post(reverse("core:account_delete"), {"password": "nicht-meins"})

    assert response.status_code == 400
    assert "Das Passwort stimmt nicht." in response.content.decode()
    assert User.objects.filter(pk=active_member.pk).exists()


def test_the_last_administrator_cannot_delete_themselves(client, password):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(reverse("core:account_delete"), {"password": password})
    assert response.status_code == 400
    assert "letzte Verwaltungskonto" in response.content.decode()
    assert User.objects.filter(pk=admin.pk).exists()


def test_the_profile_page_offers_export_and_deletion(client, member):
    client.force_login(member)
    page = client.get(reverse("core:profile")).content.decode()
    assert reverse("core:data_export") in page and reverse("core:account_delete") in page


def test_the_privacy_page_says_what_deletion_keeps(client):
    body = SitePage.objects.get(slug="datenschutz").body
    assert "JSON-Datei" in body
    assert "Passwort erneut eingegeben" in body
    assert "„ehemaliges Mitglied“" in body
    assert "Meldungen" in body and "ohne Ihre Person" in body
    assert "Ihre Kommentare und Antworten" in client.get("/seite/datenschutz/").content.decode()


def test_moderation_still_sees_a_report_whose_author_deleted_their_account(client, active_member, planner, password):
    client.force_login(active_member)
    client.post(reverse("core:account_delete"), {"password": password})
    client.force_login(planner)
    page = client.get(reverse("actionplan:moderation")).content.decode()
    assert "Beleidigend gegenüber Betroffenen" in page
    assert "gelöschtes Konto" in page


def test_a_planner_gets_the_measures_and_versions_they_wrote(client, planner, measure):
    client.force_login(planner)
    data = json.loads(client.get(reverse("core:data_export")).content)
    created = data["daten"]["actionplan.measure.created_by"]["eintraege"]
    assert [row["title"] for row in created] == ["Schuldnerberatung im Stadtteil"]
    assert any(key.endswith(".history_user") for key in data["daten"])
    assert data["profil"]["gruppen"] == ["Planung"]


def test_deleting_the_account_keeps_the_membership_decision_without_name_or_address(
        client, department, password):
    person = member_of(confirmed=False, display_name="Paula Privat", email="paula@example.org")
    membership = person.memberships.get()
    core_services.membership_confirm(membership=membership, by=department)
    LogEntry.objects.log_actions(user_id=department.pk, queryset=[person], action_flag=CHANGE, change_message="")
    client.force_login(person)

    client.post(reverse("core:account_delete"), {"password": password})

    entry = MembershipLogEntry.objects.get(organisation=membership.organisation)
    assert entry.action == MembershipLogEntry.Action.CONFIRMED and entry.by == department
    assert "Paula" not in entry.person_name and "paula@example.org" not in entry.person_name
    assert not LogEntry.objects.filter(object_repr__contains="Paula").exists()
    client.force_login(department)
    page = client.get(reverse("core:memberships")).content.decode()
    assert "paula@example.org" not in page and "Paula Privat" not in page
    assert "gelöschtes Konto" in page
