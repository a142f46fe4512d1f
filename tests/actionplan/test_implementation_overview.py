"""The Umsetzung page sums up implementation; every figure links to the list that reproduces it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from actionplan import services
from actionplan.implementation import implementation_rollup
from actionplan.models import Measure
from core.models import Area, FieldOfAction, TargetGroup
from tests.actionplan.factories import OutcomeFactory, make_measure, quarter

TODAY = timezone.localdate()


def _report(measure, by, percent, days_ago=1):
    services.progress_report_create(measure=measure, by=by, title="Stand", text="Bericht.", percent=percent,
                                    reported_on=TODAY - datetime.timedelta(days=days_ago))


@pytest.fixture
def plan(planner, period):
    """Four measures whose figures are computed by hand in the tests below."""
    first, second = FieldOfAction.objects.order_by("position", "name")[:2]
    q1 = quarter("Sahlkamp")
    district = q1.parent
    q2 = Area.objects.filter(kind=Area.Kind.QUARTER).exclude(parent=district).order_by("number").first()
    m1 = make_measure(by=planner, title="Eins", field_of_action=first, areas=[q1], citywide=False,
                      status=Measure.Status.IMPLEMENTATION, cost_estimate=Decimal("100000"))
    families, elderly = TargetGroup.objects.order_by("position", "name")[:2]
    m1.target_groups.set([families, elderly])
    m2 = make_measure(by=planner, title="Zwei", field_of_action=first, areas=[district], citywide=False,
                      status=Measure.Status.PLANNING, cost_estimate=Decimal("300000"))
    m3 = make_measure(by=planner, title="Drei", field_of_action=second, citywide=True,
                      status=Measure.Status.IMPLEMENTATION)
    m3.target_groups.set([families])
    m4 = make_measure(by=planner, title="Vier", field_of_action=second, areas=[q2], citywide=False)
    _report(m1, planner, 20, days_ago=400)  # in implementation, last report long ago: overdue
    _report(m2, planner, 60)
    _report(m3, planner, 90)
    taken_up = OutcomeFactory(field_of_action=first, areas=[q1])
    m1.outcomes.add(taken_up)
    OutcomeFactory(field_of_action=first, areas=[q1], title="Niemand kümmert sich", target_groups=[elderly])
    return {"first": first, "second": second, "district": district, "q1": q1, "q2": q2,
            "families": families, "elderly": elderly, "measures": [m1, m2, m3, m4]}


def _row(rows, label):
    return next(row for row in rows if row.label == label)


def test_rollup_figures_match_the_hand_computed_plan(planner, plan):
    rollup = implementation_rollup(planner)
    everything = rollup["all"]
    assert everything.total.value == 4
    assert [(value, figure.value) for value, _label, figure in everything.by_status] == [
        ("idee", 1), ("planung", 1), ("umsetzung", 2), ("umgesetzt", 0), ("zurueckgestellt", 0)]
    assert everything.average_percent.value == Decimal("42.5")  # (20 + 60 + 90 + 0) / 4
    assert everything.budget_percent.value == Decimal("50.0")  # (100k·20 + 300k·60) / 400k
    assert everything.overdue.value == 1
    assert everything.urgent_figure.value == 1

    first = _row(rollup["fields"], plan["first"].name)
    assert (first.total.value, first.average_percent.value, first.budget_percent.value) == (2, Decimal("40.0"),
                                                                                           Decimal("50.0"))
    assert first.urgent_figure.value == 1
    second = _row(rollup["fields"], plan["second"].name)
    assert (second.total.value, second.average_percent.value, second.budget_percent.value) == (2, Decimal("45.0"),
                                                                                              None)
    district = _row(rollup["districts"], plan["district"].name)
    assert district.total.value == 2 and district.implementation_share == 50
    assert district.urgent_figure.value == 1
    assert _row(rollup["quarters"], plan["q1"].name).total.value == 2  # its own and its Bezirk's measure
    assert _row(rollup["quarters"], plan["q2"].name).total.value == 1
    families = _row(rollup["groups"], plan["families"].name)
    assert (families.total.value, families.average_percent.value, families.budget_percent.value) == (
        2, Decimal("55.0"), Decimal("20.0"))  # (20 + 90) / 2; only "Eins" has a cost estimate
    assert [figure.value for _value, _label, figure in families.by_status] == [0, 0, 2, 0, 0]
    assert families.overdue.value == 1 and families.urgent_figure.value == 0
    elderly = _row(rollup["groups"], plan["elderly"].name)
    assert (elderly.total.value, elderly.urgent_figure.value) == (1, 1)


def _listed(client, url):
    page = client.get(url).content.decode()
    count = int(re.search(r'id="result-heading">(\d+) Maßnahme', page).group(1))
    percents = [int(p) for p in re.findall(r"Fortschritt (\d+) %", page)]
    return count, percents


def test_every_figure_links_to_the_list_that_reproduces_it(client, planner, plan):
    client.force_login(planner)
    rollup = implementation_rollup(planner)
    rows = [rollup["all"], *rollup["fields"], *rollup["districts"], *rollup["quarters"], *rollup["groups"]]
    empty = [row for row in rows if not row.total.value and not row.urgent]
    # Every row that counts something, and one that counts nothing (a request per figure is slow).
    for row in [row for row in rows if row.total.value or row.urgent] + empty[:1]:
        count, percents = _listed(client, row.total.url)
        assert count == row.total.value, row.label
        if row.total.value:
            average = Decimal(sum(percents)) / len(percents)
            assert average == pytest.approx(row.average_percent.value, abs=Decimal("0.05"))
        for _value, label, figure in row.by_status:
            assert _listed(client, figure.url)[0] == figure.value, (row.label, label)
        assert _listed(client, row.overdue.url)[0] == row.overdue.value, row.label
        # The cost-weighted percent counts the measures with a cost estimate; its link lists exactly those.
        costed = sum(1 for measure in row.measures if measure.cost_estimate)
        assert _listed(client, row.budget_percent.url)[0] == costed, row.label
        urgent = row.urgent_figure
        found = client.get(urgent.url).content.decode()
        assert int(re.search(r'data-testid="treffer">(\d+)<', found).group(1)) == urgent.value, row.label


def test_the_page_shows_the_figures_the_map_and_its_table(client, planner, plan):
    client.force_login(planner)
    page = client.get(reverse("actionplan:implementation")).content.decode()
    assert "<h1>Umsetzung des Aktionsplans</h1>" in page
    assert "42,5 %" in page and "50,0 %" in page
    assert 'class="choropleth"' in page
    assert "Anteil der Maßnahmen in Umsetzung je Stadtbezirk (Tabelle zur Karte)" in page
    district = next(row for row in implementation_rollup(planner)["districts"] if row.area == plan["district"])
    assert (f"<th scope=\"row\">{plan['district'].name}</th><td class=\"num\">"
            f"<a href=\"{escape(district.total.url)}\">50 % von 2</a></td>") in page
    assert _listed(client, district.total.url)[0] == 2
    assert "Sachstand überfällig" in page


def test_the_public_sees_no_drafts_and_no_overdue_column(client, planner, plan):
    make_measure(by=planner, title="Geheim", publication=Measure.Publication.DRAFT)
    page = client.get(reverse("actionplan:implementation")).content.decode()
    assert "Sachstand überfällig" not in page
    assert implementation_rollup(planner)["all"].total.value == 5
    from django.contrib.auth.models import AnonymousUser

    assert implementation_rollup(AnonymousUser())["all"].total.value == 4


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["anonymous", "planner"])
def test_the_new_pages_cost_the_same_queries_for_more_measures(client, planner, plan, django_assert_num_queries,
                                                               role):
    if role == "planner":
        client.force_login(planner)
    overview = reverse("actionplan:implementation")
    detail = plan["measures"][0].get_absolute_url()
    client.get("/")  # the first page anyone opens caches the demo banner's answer
    small_overview, small_detail = _queries(client, overview), _queries(client, detail)
    for index in range(6):
        extra = make_measure(by=planner, title=f"Mehr {index}", areas=[plan["q1"]], citywide=False,
                             status=Measure.Status.IMPLEMENTATION, cost_estimate=Decimal("5000"))
        _report(extra, planner, 10 * index)
        _report(plan["measures"][0], planner, 5 * index, days_ago=index + 2)
        extra.target_groups.set([plan["families"], plan["elderly"]])
        OutcomeFactory(areas=[plan["q2"]], target_groups=[plan["elderly"]])  # more urgent problems no one takes up
    with django_assert_num_queries(small_overview):
        client.get(overview)
    with django_assert_num_queries(small_detail):
        client.get(detail)
