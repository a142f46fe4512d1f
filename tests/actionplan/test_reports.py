"""Reporting comments: anyone logged in may report others' comments, never their own."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionplan import services
from tests.actionplan.factories import make_comment
from tests.factories import member_of


def test_the_author_sees_no_report_link_on_own_comment_but_on_others(client, member, measure):
    own = make_comment(measure=measure, author=member, text="Mein eigener Kommentar")
    other = make_comment(measure=measure, author=member_of(), text="Kommentar einer anderen Organisation")
    client.force_login(member)
    body = client.get(measure.get_absolute_url()).content.decode()
    assert reverse("actionplan:comment_report", args=[own.pk]) not in body
    assert reverse("actionplan:comment_report", args=[other.pk]) in body


def test_the_service_refuses_a_report_of_ones_own_comment(member, measure):
    own = make_comment(measure=measure, author=member)
    with pytest.raises(ValidationError, match="Ihren eigenen Kommentar können Sie nicht melden."):
        services.comment_report(comment=own, by=member, reason="Aus Versehen")
    assert own.reports.count() == 0


def test_the_rule_refuses_the_author_only(member, measure, plain_user):
    own = make_comment(measure=measure, author=member)
    assert not member.has_perm("actionplan.report_comment", own)
    assert plain_user.has_perm("actionplan.report_comment", own)
