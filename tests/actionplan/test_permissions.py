"""Every role against every page and action of the action plan: allowed, refused, or not found."""

import pytest
from django.urls import reverse

from actionplan.models import Comment
from tests.actionplan.factories import make_comment, make_measure

ROLES = ["dezernat", "planung", "mitglied", "unbestaetigt", "angemeldet", "oeffentlich"]
LOGIN = "login"


def _client(client, users_by_role, role):
    user = users_by_role[role]
    if role != "oeffentlich":
        client.force_login(user)
    return client


def _outcome(response):
    if response.status_code == 302 and "/konto/login/" in response["Location"]:
        return LOGIN
    if response.get("X-Not-Saved") == "session":
        # Sent with typed text: it comes back with a note to sign in instead of being lost.
        return LOGIN
    return response.status_code


@pytest.fixture
def world(users_by_role, period, planner):
    measure = make_measure(by=planner)
    draft = make_measure(by=planner, title="Entwurf", publication="entwurf")
    comment = make_comment(measure=measure, author=users_by_role["mitglied"])
    return {"measure": measure, "draft": draft, "comment": comment}


# page name, url builder, expected per role (dezernat, planung, mitglied, unbestaetigt, angemeldet, oeffentlich)
GET_PAGES = [
    ("Liste", lambda w: reverse("actionplan:index"), [200, 200, 200, 200, 200, 200]),
    ("Detail", lambda w: w["measure"].get_absolute_url(), [200, 200, 200, 200, 200, 200]),
    ("Entwurf", lambda w: w["draft"].get_absolute_url(), [200, 200, 404, 404, 404, 404]),
    ("Neu", lambda w: reverse("actionplan:measure_create"), [200, 200, 403, 403, 403, LOGIN]),
    ("Bearbeiten", lambda w: reverse("actionplan:measure_edit", args=[w["measure"].reference]),
     [200, 200, 403, 403, 403, LOGIN]),
    ("Entwurf bearbeiten", lambda w: reverse("actionplan:measure_edit", args=[w["draft"].reference]),
     [200, 200, 404, 404, 404, LOGIN]),
    ("Versionen", lambda w: reverse("actionplan:measure_history", args=[w["measure"].reference]),
     [200, 200, 403, 403, 403, LOGIN]),
    ("Beteiligung", lambda w: reverse("actionplan:consultation"), [200, 200, 403, 403, 403, LOGIN]),
    ("Moderation", lambda w: reverse("actionplan:moderation"), [200, 200, 403, 403, 403, LOGIN]),
    ("Phase anlegen", lambda w: reverse("actionplan:period_create"), [200, 200, 403, 403, 403, LOGIN]),
    ("Abonnements", lambda w: reverse("actionplan:my_follows"), [200, 200, 200, 200, 200, LOGIN]),
    # The comment is the member's own: nobody reports their own comment.
    ("Melden", lambda w: reverse("actionplan:comment_report", args=[w["comment"].pk]),
     [200, 200, 403, 200, 200, LOGIN]),
    ("Stellungnahme", lambda w: reverse("actionplan:comment_respond", args=[w["comment"].pk]),
     [200, 200, 403, 403, 403, LOGIN]),
    ("Abdeckung", lambda w: reverse("actionplan:coverage"), [200, 200, 200, 200, 200, 200]),
    ("Bedarf", lambda w: reverse("actionplan:need_and_action"), [200, 200, 200, 200, 200, 200]),
    ("Export CSV", lambda w: reverse("actionplan:measure_export", args=["csv"]), [200] * 6),
]


@pytest.mark.parametrize("name,url,expected", GET_PAGES, ids=[p[0] for p in GET_PAGES])
def test_pages_per_role(client, users_by_role, world, name, url, expected):
    results = {}
    for role in ROLES:
        client.logout()
        results[role] = _outcome(_client(client, users_by_role, role).get(url(world)))
    assert results == dict(zip(ROLES, expected, strict=True))


def test_drafts_are_missing_from_public_and_member_lists(client, users_by_role, world):
    for role in ("oeffentlich", "mitglied"):
        client.logout()
        body = _client(client, users_by_role, role).get(reverse("actionplan:index")).content.decode()
        assert world["measure"].title in body
        assert world["draft"].reference not in body
        export = client.get(reverse("actionplan:measure_export", args=["csv"])).content.decode("utf-8-sig")
        assert world["draft"].reference not in export
    client.logout()
    _client(client, users_by_role, "planung")
    assert world["draft"].reference in client.get(reverse("actionplan:index")).content.decode()


COMMENT_EXPECTED = {"dezernat": 302, "planung": 302, "mitglied": 302, "unbestaetigt": 403, "angemeldet": 403,
                    "oeffentlich": LOGIN}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_comment(client, users_by_role, world, role):
    user = users_by_role[role]
    if role in ("dezernat", "planung"):
        # Planners comment only when they belong to an organisation themselves.
        from tests.factories import MembershipFactory, OrganisationFactory

        MembershipFactory(user=user, organisation=OrganisationFactory())
    org = user.memberships.filter(confirmed=True).first() if user.is_authenticated else None
    before = Comment.objects.count()
    response = _client(client, users_by_role, role).post(
        reverse("actionplan:comment_create", args=[world["measure"].reference]),
        {"organisation": org.organisation_id if org else "", "position": "zustimmung", "text": "Gute Idee"},
    )
    assert _outcome(response) == COMMENT_EXPECTED[role]
    assert Comment.objects.count() == before + (1 if COMMENT_EXPECTED[role] == 302 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_hide_a_comment(client, users_by_role, world, role):
    response = _client(client, users_by_role, role).post(
        reverse("actionplan:comment_hide", args=[world["comment"].pk]), {"reason": "x"}
    )
    allowed = role in ("dezernat", "planung")
    assert _outcome(response) == (302 if allowed else LOGIN if role == "oeffentlich" else 403)
    world["comment"].refresh_from_db()
    assert world["comment"].is_hidden is allowed


@pytest.mark.parametrize("role", ROLES)
def test_who_may_answer_a_comment(client, users_by_role, world, role):
    response = _client(client, users_by_role, role).post(
        reverse("actionplan:comment_respond", args=[world["comment"].pk]),
        {"disposition": "kenntnis", "reasoning": "Danke"},
    )
    allowed = role in ("dezernat", "planung")
    assert _outcome(response) == (302 if allowed else LOGIN if role == "oeffentlich" else 403)
    assert Comment.objects.filter(pk=world["comment"].pk, response__isnull=False).exists() is allowed


@pytest.mark.parametrize("role", ROLES)
def test_who_may_follow(client, users_by_role, world, role):
    response = _client(client, users_by_role, role).post(
        reverse("actionplan:measure_follow", args=[world["measure"].reference])
    )
    assert _outcome(response) == (LOGIN if role == "oeffentlich" else 302)
    assert world["measure"].follows.count() == (0 if role == "oeffentlich" else 1)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_report(client, users_by_role, world, role):
    response = _client(client, users_by_role, role).post(
        reverse("actionplan:comment_report", args=[world["comment"].pk]), {"reason": "Beleidigend"}
    )
    expected = {"oeffentlich": LOGIN, "mitglied": 403}.get(role, 302)
    assert _outcome(response) == expected
    assert world["comment"].reports.count() == (1 if expected == 302 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_department_may_adopt(client, users_by_role, world, role):
    measure = world["measure"]
    client = _client(client, users_by_role, role)
    url = reverse("actionplan:measure_edit", args=[measure.reference])
    response = client.post(url, {
        "title": measure.title, "summary": measure.summary, "field_of_action": measure.field_of_action_id,
        "citywide": "on", "status": "idee", "progress": "0", "priority": "mittel",
        "publication_state": "beschlossen", "version": measure.version,
        "meilensteine-TOTAL_FORMS": "0", "meilensteine-INITIAL_FORMS": "0",
        "indikatoren-TOTAL_FORMS": "0", "indikatoren-INITIAL_FORMS": "0",
    })
    measure.refresh_from_db()
    if role == "dezernat":
        assert response.status_code == 302
        assert measure.publication_state == "beschlossen"
    else:
        assert measure.publication_state == "beteiligung"
        assert _outcome(response) == {"planung": 200, "oeffentlich": LOGIN}.get(role, 403)
