"""Signed out in another tab, or the form's security token went stale: nothing typed is lost."""

import pytest
from django.test import Client
from django.urls import reverse

from actionplan.models import Comment, Measure
from tests.actionplan.factories import make_measure, open_period
from tests.actionplan.formdata import form_data
from tests.factories import PASSWORD, PlannerFactory, member_of
from tests.workshops.factories import EventFactory, OutcomeFactory, WorkshopFactory
from workshops import services as workshop_services
from workshops.models import Outcome

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LONG_TEXT = "Die Beratung sollte auch abends stattfinden,\nweil viele Eltern tagsüber arbeiten."


@pytest.fixture
def measure(db):
    open_period()
    return make_measure(by=PlannerFactory(), title="Familienberatung im Quartier")


@pytest.fixture
def board(db):
    workshop = WorkshopFactory(event=EventFactory(is_public=True), number=1, title="Wohnen und Quartier")
    return workshop, OutcomeFactory(workshop=workshop, kind=Outcome.Kind.URGENT, title="Energieschulden")


def _signed_out_elsewhere(client):
    # What "Abmelden" in another tab or an expired session leaves behind: no session any more.
    client.logout()


def _resend(client, response):
    """What the person does after signing in again in a new tab: send the kept form once more."""
    data = form_data(response.content.decode(), form_class="keep-text")
    return client.post(response.wsgi_request.get_full_path(), data)


def test_comment_sent_after_the_session_ended_comes_back_and_goes_through_after_signing_in(client, measure):
    member = member_of(display_name="Mona Mitglied")
    client.force_login(member)
    organisation = member.memberships.first().organisation_id
    _signed_out_elsewhere(client)

    response = client.post(reverse("actionplan:comment_create", args=[measure.reference]),
                           {"organisation": organisation, "position": "zustimmung", "text": LONG_TEXT})

    page = response.content.decode()
    assert response.status_code == 403
    assert "Bitte erneut anmelden" in page and "nicht gespeichert" in page
    assert LONG_TEXT in page
    assert 'target="_blank"' in page
    assert not Comment.objects.exists()

    client.login(email=member.email, password=PASSWORD)
    sent = _resend(client, response)
    assert sent.status_code == 302
    assert Comment.objects.get().text == LONG_TEXT


def test_measure_edit_sent_after_the_session_ended_keeps_every_field_and_its_version(client, measure):
    planner = PlannerFactory()
    client.force_login(planner)
    edit_url = reverse("actionplan:measure_edit", args=[measure.reference])
    data = form_data(client.get(edit_url).content.decode())
    data["title"] = ["Familienberatung im Quartier, auch samstags"]
    data["summary"] = [LONG_TEXT]
    _signed_out_elsewhere(client)

    response = client.post(edit_url, data)

    page = response.content.decode()
    assert response.status_code == 403
    assert "Familienberatung im Quartier, auch samstags" in page and "abends stattfinden" in page
    assert f'name="version" value="{measure.version}"' in page
    client.force_login(planner)
    assert _resend(client, response).status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Familienberatung im Quartier, auch samstags"
    assert measure.version == 2


def test_board_entry_with_htmx_after_the_session_ended_swaps_a_notice_not_the_login_page(client, board):
    workshop, _ = board
    client.force_login(PlannerFactory())
    _signed_out_elsewhere(client)

    response = client.post(reverse("workshops:outcome_add", args=[workshop.pk]),
                           {"neu-dringend-kind": "dringend", "neu-dringend-title": "Mietschulden",
                            "neu-dringend-weight": "0"}, **HTMX)

    body = response.content.decode()
    # The column keeps the form with the typed title; the note goes to the page's notice area.
    assert response["HX-Retarget"] == "#systemhinweis"
    assert response["HX-Reswap"] == "innerHTML"
    assert "<main" not in body and "<header" not in body
    assert "Bitte erneut anmelden." in body and "steht weiter im Formular" in body
    assert not Outcome.objects.filter(title="Mietschulden").exists()


def test_board_entry_without_javascript_after_the_session_ended_keeps_the_title(client, board):
    workshop, _ = board
    response = client.post(reverse("workshops:outcome_add", args=[workshop.pk]),
                           {"neu-dringend-kind": "dringend", "neu-dringend-title": "Mietschulden",
                            "neu-dringend-weight": "0"})
    assert response.status_code == 403
    assert 'value="Mietschulden"' in response.content.decode()


def test_outcome_edit_with_htmx_after_the_session_ended_keeps_the_card_form(client, board):
    _, outcome = board
    prefix = f"ergebnis-{outcome.pk}"
    response = client.post(reverse("workshops:outcome_edit", args=[outcome.pk]), {
        f"{prefix}-kind": "dringend", f"{prefix}-title": "Energieschulden und Stromsperren",
        f"{prefix}-weight": "0", f"{prefix}-based_on": workshop_services.version_token(outcome)}, **HTMX)
    assert response["HX-Retarget"] == "#systemhinweis"
    assert "<main" not in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.title == "Energieschulden"


def test_a_stale_security_token_keeps_the_text_full_page_and_htmx(measure):
    member = member_of()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    data = {"organisation": member.memberships.first().organisation_id, "position": "zustimmung",
            "text": LONG_TEXT, "csrfmiddlewaretoken": "x" * 64}
    url = reverse("actionplan:comment_create", args=[measure.reference])

    page = client.post(url, data)
    assert page.status_code == 403
    assert "Das Formular ist abgelaufen" in page.content.decode() and LONG_TEXT in page.content.decode()
    # The page carries a fresh token: sending it once more saves the comment.
    assert _resend(client, page).status_code == 302
    assert Comment.objects.count() == 1

    fragment = client.post(url, data, **HTMX)
    assert fragment["HX-Retarget"] == "#systemhinweis"
    assert "<main" not in fragment.content.decode()
    assert Comment.objects.count() == 1


def test_a_bare_button_still_leads_to_the_login_page(client, measure):
    response = client.post(reverse("actionplan:measure_follow", args=[measure.reference]))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert Measure.objects.get(pk=measure.pk).follows.count() == 0


def test_a_stale_token_on_the_login_form_never_echoes_the_password():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "mona@example.org", "password": "Geheim-12345",
                                                      "csrfmiddlewaretoken": "x" * 64})
    page = response.content.decode()
    assert response.status_code == 403
    assert "mona@example.org" in page
    assert "Geheim-12345" not in page
