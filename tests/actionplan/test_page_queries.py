"""The hot pages read the same number of rows from the database whatever the data grows to."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import Response
from tests.actionplan.factories import make_comment, make_measure
from tests.factories import OrganisationFactory, member_of


def _queries(client, url):
    client.get(url)  # after a change the filter reads its options once; measured is the next visitor
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "planner"])
def test_measure_list_reads_as_many_rows_for_60_measures_as_for_3(client, planner, member, period, role):
    def grow(n):
        for i in range(n):
            measure = make_measure(by=planner, title=f"Maßnahme {i}", lead_organisation=OrganisationFactory())
            make_comment(measure=measure, author=member)

    if role == "planner":
        client.force_login(planner)
    grow(3)
    small, _ = _queries(client, reverse("actionplan:index"))
    grow(57)
    large, body = _queries(client, reverse("actionplan:index"))
    assert large == small
    assert "60 Maßnahmen" in body and "Seite 1 von 3" in body


def test_measure_list_counts_comments_of_the_shown_page_only(client, planner, member, period):
    measures = [make_measure(by=planner, title=f"Maßnahme {i}") for i in range(26)]
    for _ in range(3):
        make_comment(measure=measures[0], author=member)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(reverse("actionplan:index")).content.decode()
    assert re.search(r'<td class="num"[^>]*>3</td>', body)
    count_sql = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    # The paginator counts measures alone, without the comments.
    assert count_sql and all("actionplan_comment" not in sql for sql in count_sql)


@pytest.mark.parametrize("role", ["anonymous", "planner"])
def test_measure_detail_reads_as_many_rows_for_45_threads_as_for_2(client, planner, member, period, role):
    measure = make_measure(by=planner)
    other = member_of()

    def grow(n):
        for _ in range(n):
            top = make_comment(measure=measure, author=member)
            make_comment(measure=measure, author=other, parent=top)
            Response.objects.create(comment=top, disposition="kenntnis", reasoning="Danke", responded_by=planner)

    if role == "planner":
        client.force_login(planner)
    grow(2)
    small, _ = _queries(client, measure.get_absolute_url())
    grow(43)
    large, _ = _queries(client, measure.get_absolute_url())
    every, body = _queries(client, measure.get_absolute_url() + "?kommentare=alle")
    assert large == small == every
    assert body.count("Antwort der Verwaltung:") == 45
