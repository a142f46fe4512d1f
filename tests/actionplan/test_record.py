"""One rule for replies, everywhere: they are discussion under a Stellungnahme, not Stellungnahmen."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionplan import services
from tests.actionplan.factories import make_comment
from tests.factories import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussed(measure, member):
    statement = make_comment(measure=measure, author=member, text="Die Öffnungszeiten reichen nicht.")
    make_comment(measure=measure, author=member_of(), text="Dem schließen wir uns an.", parent=statement)
    make_comment(measure=measure, author=member_of(), text="Wir sehen das anders.", parent=statement)
    return statement


def test_measure_list_counts_stellungnahmen_not_replies(client, measure, discussed):
    page = client.get(reverse("actionplan:index")).content.decode()
    row = page[page.index(measure.title):]
    row = row[:row.index("</tr>")]
    assert re.search(r'<td class="num"[^>]*>1</td>', row)


def test_home_counts_stellungnahmen_not_replies(client, measure, discussed):
    page = client.get(reverse("home")).content.decode()
    assert '<span class="stat">1</span> Stellungnahme aus der Beteiligung' in " ".join(page.split())


def test_detail_shows_replies_under_their_statement_without_an_abwaegung_of_their_own(client, measure, discussed):
    page = client.get(measure.get_absolute_url()).content.decode()
    statement_at = page.index("Die Öffnungszeiten reichen nicht.")
    assert statement_at < page.index("Dem schließen wir uns an.") < page.index("Wir sehen das anders.")
    assert page.count("Noch nicht von der Verwaltung beantwortet.") == 1
    assert "sie zählen nicht als eigene Stellungnahme" in page


def test_a_reply_cannot_be_weighed_on_its_own(client, planner, measure, discussed):
    from actionplan.models import Response

    reply = discussed.replies.first()
    with pytest.raises(ValidationError, match="nicht gesondert abgewogen"):
        services.response_save(comment=reply, disposition="uebernommen", reasoning="Ja.", by=planner)
    client.force_login(planner)
    url = reverse("actionplan:comment_respond", args=[reply.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"disposition": "uebernommen", "reasoning": "Ja."}).status_code == 404
    assert not Response.objects.exists()
    # The Stellungnahme itself is answered as before.
    url = reverse("actionplan:comment_respond", args=[discussed.pk])
    assert client.post(url, {"disposition": "uebernommen", "reasoning": "Ja."}).status_code == 302
    assert Response.objects.get().comment == discussed


def test_hiding_asks_why_and_the_answer_keeps_that_reason_beside_it(client, planner, measure, discussed):
    from actionplan.models import Response

    Response.objects.create(comment=discussed, disposition="kenntnis", reasoning="Die Zeiten werden geprüft.",
                            responded_by=planner)
    client.force_login(planner)
    page = client.get(measure.get_absolute_url()).content.decode()
    hide_url = reverse("actionplan:comment_hide", args=[discussed.pk])
    assert f'href="{hide_url}?next=' in page
    form = client.get(hide_url)
    assert form.status_code == 200 and "Die Öffnungszeiten reichen nicht." in form.content.decode()

    refused = client.post(hide_url, {"reason": "  "})
    assert refused.status_code == 400
    assert "Bitte nennen Sie den Grund der Ausblendung" in refused.content.decode()
    discussed.refresh_from_db()
    assert not discussed.is_hidden
    with pytest.raises(ValidationError, match="Grund der Ausblendung"):
        services.comment_hide(comment=discussed, by=planner, reason="")

    next_url = reverse("actionplan:comment_link", args=[discussed.pk])
    response = client.post(hide_url, {"reason": "Persönliche Angriffe", "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    client.logout()
    page = " ".join(client.get(measure.get_absolute_url()).content.decode().split())
    assert "Die Öffnungszeiten reichen nicht." not in page
    assert "Die Zeiten werden geprüft." in page
    assert "Diese Antwort bezieht sich auf einen Kommentar, den das Moderationsteam am" in page
    assert "(Grund: Persönliche Angriffe)" in page


def test_moderation_mail_has_a_reachable_reply_to(settings, planner, member, measure, mail_on_commit):
    settings.MODERATION_REPLY_TO = ["sozialplanung@example.org"]
    comment = make_comment(measure=measure, author=member)
    mail_on_commit(services.comment_hide, comment=comment, by=planner, reason="Werbung")
    assert mail.outbox[0].reply_to == ["sozialplanung@example.org"]
    assert "antworten Sie bitte auf diese E-Mail" in mail.outbox[0].body


def test_without_reply_address_the_moderation_mail_does_not_ask_for_a_reply(
        settings, planner, member, measure, mail_on_commit):
    settings.MODERATION_REPLY_TO = []
    comment = make_comment(measure=measure, author=member)
    mail_on_commit(services.comment_hide, comment=comment, by=planner, reason="Werbung")
    assert mail.outbox[0].reply_to == []
    assert "antworten Sie bitte" not in mail.outbox[0].body
    assert "wenden Sie sich bitte an die Koordinationsstelle Sozialplanung" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith(settings.EMAIL_SUBJECT_PREFIX)
