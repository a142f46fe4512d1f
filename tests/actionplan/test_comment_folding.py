"""A long discussion shows its newest threads first; every comment stays one link away."""

from django.urls import reverse

from actionplan.selectors import COMMENT_THREADS_SHOWN
from tests.actionplan.factories import make_comment, make_measure
from tests.factories import member_of


def _discussion(measure, member, threads):
    comments = []
    for i in range(threads):
        top = make_comment(measure=measure, author=member, text=f"Kommentar Nummer {i}.")
        reply = make_comment(measure=measure, author=member_of(), text=f"Antwort auf Nummer {i}.", parent=top)
        comments.append((top, reply))
    return comments


def test_long_discussion_shows_newest_threads_and_links_to_all(client, planner, member, period):
    measure = make_measure(by=planner)
    comments = _discussion(measure, member, COMMENT_THREADS_SHOWN + 5)
    body = client.get(measure.get_absolute_url()).content.decode()
    assert f"Hier stehen die {COMMENT_THREADS_SHOWN} neuesten von {COMMENT_THREADS_SHOWN + 5} Kommentaren" in body
    assert "Kommentar Nummer 4." not in body and "Kommentar Nummer 5." in body
    assert "Antwort auf Nummer 24." in body
    assert 'href="?kommentare=alle#comments-heading"' in body

    everything = client.get(measure.get_absolute_url() + "?kommentare=alle").content.decode()
    for top, reply in comments:
        assert f'id="kommentar-{top.pk}"' in everything and f'id="kommentar-{reply.pk}"' in everything
    assert "Nur die 20 neuesten Kommentare anzeigen" in everything


def test_short_discussion_shows_everything_without_a_fold(client, planner, member, period):
    measure = make_measure(by=planner)
    _discussion(measure, member, 3)
    body = client.get(measure.get_absolute_url()).content.decode()
    assert "Kommentar Nummer 0." in body and "Antwort auf Nummer 2." in body
    assert "kommentare=alle" not in body


def test_every_comment_address_leads_to_a_page_that_shows_it(client, planner, member, period):
    measure = make_measure(by=planner)
    comments = _discussion(measure, member, COMMENT_THREADS_SHOWN + 2)
    old_top, old_reply = comments[0]
    new_top, _ = comments[-1]
    for comment in (old_top, old_reply):
        response = client.get(comment.get_absolute_url())
        assert response.status_code == 302
        assert response["Location"] == f"{measure.get_absolute_url()}?kommentare=alle#kommentar-{comment.pk}"
        page = client.get(response["Location"].split("#")[0]).content.decode()
        assert f'id="kommentar-{comment.pk}"' in page
    response = client.get(new_top.get_absolute_url())
    assert response["Location"] == f"{measure.get_absolute_url()}#kommentar-{new_top.pk}"


def test_comment_address_of_an_unpublished_measure_is_not_found(client, planner, member, draft):
    comment = make_comment(measure=draft, author=member)
    assert client.get(reverse("actionplan:comment_link", args=[comment.pk])).status_code == 404


def test_failed_reply_to_an_old_thread_keeps_its_text_on_the_page(client, planner, member, period):
    measure = make_measure(by=planner)
    comments = _discussion(measure, member, COMMENT_THREADS_SHOWN + 2)
    old_top, _ = comments[0]
    client.force_login(member)
    text = "Meine Antwort auf einen alten Kommentar " * 200  # longer than 5.000 characters
    response = client.post(reverse("actionplan:comment_reply", args=[old_top.pk]),
                           {"organisation": member.memberships.first().organisation_id, "text": text})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="kommentar-{old_top.pk}"' in body
    assert "Meine Antwort auf einen alten Kommentar" in body
