"""The board and the list cost the same number of queries with 5 or 50 outcomes."""

import pytest
from django.urls import reverse

from tests.workshops.factories import OutcomeFactory
from workshops.models import Outcome

KINDS = list(Outcome.Kind.values)


def fill(workshop, count, groups, areas):
    for number in range(count):
        OutcomeFactory(workshop=workshop, kind=KINDS[number % 3], target_groups=groups, areas=areas)


def count_queries(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(100) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("view", ["board", "list"])
@pytest.mark.parametrize("who", ["planner", "member"])
def test_queries_stay_constant_as_outcomes_grow(client, request, who, view, workshop, single_parents, elderly,
                                                sahlkamp, linden_sued, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(who))
    url = workshop.get_absolute_url() if view == "board" else reverse("workshops:outcome_list")
    fill(workshop, 5, [single_parents, elderly], [sahlkamp, linden_sued])
    few = count_queries(client, url, django_assert_max_num_queries)
    fill(workshop, 45, [single_parents], [sahlkamp])
    with django_assert_max_num_queries(few):
        page = client.get(url).content.decode()
    assert page.count('data-testid="ergebnis"' if view == "board" else '<th scope="row">') == 50
