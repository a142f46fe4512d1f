"""Once moderation has hidden a comment, nobody can reply to it any more."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionplan import services
from actionplan.models import Comment
from tests.actionplan.factories import make_comment
from tests.factories import member_of

pytestmark = pytest.mark.django_db

REFUSED = "Das Moderationsteam hat diesen Kommentar ausgeblendet; darauf kann nicht mehr geantwortet werden."


@pytest.fixture
def hidden(measure, planner):
    comment = make_comment(measure=measure, author=member_of(), text="Beleidigender Text")
    return services.comment_hide(comment=comment, by=planner, reason="Beleidigung")


def test_the_rule_refuses_a_reply_to_a_hidden_comment(member, measure, hidden):
    visible = make_comment(measure=measure, author=member_of(), text="Sachlich")
    assert member.has_perm("actionplan.reply", visible)
    assert not member.has_perm("actionplan.reply", hidden)


def test_the_service_refuses_a_reply_to_a_hidden_comment(member, measure, hidden):
    with pytest.raises(ValidationError, match="ausgeblendet"):
        services.comment_create(measure=measure, author=member, organisation=member.memberships.get().organisation,
                                text="Trotzdem eine Antwort", parent=hidden)
    assert not Comment.objects.filter(parent=hidden).exists()


def test_a_reply_posted_to_a_hidden_comment_is_refused_in_german_and_keeps_the_text(client, member, hidden):
    client.force_login(member)
    response = client.post(reverse("actionplan:comment_reply", args=[hidden.pk]),
                           {"organisation": member.memberships.get().organisation_id, "text": "Trotzdem eine Antwort"})
    body = response.content.decode()
    assert response.status_code == 400
    assert REFUSED in body
    assert "Trotzdem eine Antwort" in body
    assert not Comment.objects.filter(parent=hidden).exists()


def test_the_page_offers_no_reply_form_under_a_hidden_comment(client, member, hidden):
    client.force_login(member)
    body = client.get(hidden.measure.get_absolute_url()).content.decode()
    assert reverse("actionplan:comment_reply", args=[hidden.pk]) not in body
