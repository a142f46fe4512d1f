"""How a refusal looks to a person: log in and come back, a German 403, never a page in a fragment."""

from django.urls import reverse

from tests.actionplan.factories import make_measure, open_period
from tests.workshops.factories import OutcomeFactory


def test_anonymous_visitor_is_sent_to_log_in_and_comes_back_to_the_page(client, db):
    outcome = OutcomeFactory()
    url = reverse("workshops:outcome_edit", args=[outcome.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_signed_in_person_without_the_right_gets_the_german_403_page(client, member):
    outcome = OutcomeFactory()
    client.force_login(member)

    response = client.get(reverse("workshops:outcome_edit", args=[outcome.pk]))

    assert response.status_code == 403
    assert "Keine Berechtigung" in response.content.decode()


def test_htmx_request_of_an_anonymous_visitor_sends_the_whole_page_to_log_in(client, db):
    outcome = OutcomeFactory()
    board = outcome.workshop.get_absolute_url()

    response = client.get(reverse("workshops:outcome_edit", args=[outcome.pk]), HTTP_HX_REQUEST="true",
                          HTTP_HX_CURRENT_URL=f"http://testserver{board}")

    # The login page must not land inside the card: htmx navigates the whole page instead,
    # and after logging in the person is back on the board they were looking at.
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('account_login')}?next={board}"
    assert b"<html" not in response.content


def test_htmx_request_without_the_right_reloads_the_page_with_a_german_note(client, member):
    outcome = OutcomeFactory()
    client.force_login(member)

    response = client.post(reverse("workshops:outcome_delete", args=[outcome.pk]), HTTP_HX_REQUEST="true")

    assert response.status_code == 403
    assert response["HX-Refresh"] == "true"
    assert b"<html" not in response.content
    assert outcome.__class__.objects.filter(pk=outcome.pk).exists()
    board = client.get(outcome.workshop.get_absolute_url()).content.decode()
    assert "Für diese Aktion fehlt Ihnen die Berechtigung." in board


def test_anonymous_comment_leads_to_login_and_back_to_the_measure(client, planner):
    open_period()
    measure = make_measure(by=planner)

    response = client.post(reverse("actionplan:comment_create", args=[measure.reference]))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={measure.get_absolute_url()}"


def test_anonymous_comment_with_text_keeps_the_text_and_asks_to_sign_in(client, planner):
    open_period()
    measure = make_measure(by=planner)

    response = client.post(reverse("actionplan:comment_create", args=[measure.reference]),
                           {"text": "Unsere Stellungnahme zur Maßnahme"})

    page = response.content.decode()
    assert response.status_code == 403
    assert "Unsere Stellungnahme zur Maßnahme" in page
    assert reverse("account_login") in page


def test_anonymous_visitor_learns_nothing_about_drafts_behind_an_edit_address(client, planner):
    draft = make_measure(by=planner, publication="entwurf")

    existing = client.get(reverse("actionplan:measure_edit", args=[draft.reference]))
    missing = client.get(reverse("actionplan:measure_edit", args=["M-9999-999"]))

    assert existing.status_code == missing.status_code == 302
    assert "/konto/login/" in existing["Location"] and "/konto/login/" in missing["Location"]
