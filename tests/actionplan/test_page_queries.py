"""The hot pages read the same number of rows from the database whatever the data grows to."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.actionplan.factories import make_comment, make_discussion, make_measure
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


@pytest.mark.parametrize("role", ["anonymous", "member", "planner"])
def test_measure_detail_reads_as_many_rows_for_45_threads_as_for_2(client, planner, member, period, role):
    measure = make_measure(by=planner)
    discussion = {"measure": measure, "author": member, "replier": member_of(), "responder": planner}
    if role != "anonymous":
        client.force_login(planner if role == "planner" else member)
    make_discussion(threads=2, **discussion)
    small, _ = _queries(client, measure.get_absolute_url())
    make_discussion(threads=43, **discussion)
    large, _ = _queries(client, measure.get_absolute_url())
    every, body = _queries(client, measure.get_absolute_url() + "?kommentare=alle")
    assert large == small == every
    assert body.count("Antwort der Verwaltung:") == 45


@pytest.mark.parametrize("role", ["anonymous", "planner"])
def test_need_and_action_reads_as_many_rows_for_40_measures_as_for_2(client, planner, period, role):
    from core.models import Area
    from district_statistics.models import Indicator, Value
    from tests.actionplan.factories import quarter

    indicator = Indicator.objects.create(key="sgb2", name="SGB-II-Quote", unit="prozent", is_key_indicator=True,
                                         higher_is_worse=True, is_published=True)
    for number, area in enumerate(Area.objects.filter(kind=Area.Kind.QUARTER).order_by("number")):
        Value.objects.create(indicator=indicator, area=area, year=2024, value=10 + number % 7)
    linden = quarter("Linden-Süd")

    def grow(n, status):
        for i in range(n):
            make_measure(by=planner, title=f"Maßnahme {status} {i}", citywide=i % 2 == 0, areas=[linden],
                         status=status)

    if role == "planner":
        client.force_login(planner)
    grow(2, "idee")
    url = reverse("actionplan:need_and_action")
    small, _ = _queries(client, url)
    grow(38, "umsetzung")
    large, body = _queries(client, url)
    assert large == small
    row = body.split(">Linden-Süd")[1].split("</tr>")[0]
    # 2 ideas and 38 in implementation name Linden-Süd; 20 of the 40 are citywide as well.
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["2", "0", "38", "0", "0"]
    assert ">40<span" in row and "dazu kommen 20 gesamtstädtische Maßnahmen" in body


@pytest.mark.parametrize("role", ["anonymous", "planner"])
def test_measure_detail_reads_as_many_rows_for_a_long_journey_as_for_a_short_one(client, planner, member, period,
                                                                                  role):
    """Outcomes of several Fachtage, status changes, milestones, Sachstände naming them, indicators with
    their development, comments and answers: the page reads each kind once, however many there are."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from actionplan import services
    from actionplan.models import Measure, MeasureIndicator, Milestone
    from tests.actionplan.factories import OutcomeFactory, quarter
    from tests.district_statistics.factories import IndicatorFactory, ValueFactory
    from tests.workshops.factories import EventFactory, WorkshopFactory

    sahlkamp = quarter("Sahlkamp")
    measure = make_measure(by=planner, status=Measure.Status.IMPLEMENTATION, citywide=False, areas=[sahlkamp])
    today = timezone.localdate()

    def grow(n, offset):
        for i in range(n):
            day = today - datetime.timedelta(days=offset + i)
            measure.outcomes.add(OutcomeFactory(workshop=WorkshopFactory(event=EventFactory())))
            milestone = Milestone.objects.create(measure=measure, date=day, title=f"Meilenstein {offset + i}")
            services.progress_report_create(measure=Measure.objects.get(pk=measure.pk), by=planner,
                                            title=f"Stand {offset + i}", text="Bericht.", percent=10 + i,
                                            reported_on=day, milestone=milestone)
            indicator = IndicatorFactory(key=f"indikator-{offset + i}", name=f"Indikator {offset + i}")
            MeasureIndicator.objects.create(measure=measure, indicator=indicator)
            for year in (2021, 2022):
                ValueFactory(indicator=indicator, area=sahlkamp, year=year, value=Decimal("12.5"))
            status = Measure.Status.PLANNING if i % 2 == 0 else Measure.Status.IMPLEMENTATION
            services.measure_change_status(measure=Measure.objects.get(pk=measure.pk), status=status, by=planner)
        make_discussion(measure=measure, threads=n, author=member, replier=member_of(), responder=planner)

    if role == "planner":
        client.force_login(planner)
    grow(1, 10)
    small, _ = _queries(client, measure.get_absolute_url())
    grow(5, 100)
    large, body = _queries(client, measure.get_absolute_url())
    assert large == small
    assert body.count("Meilenstein erreicht:") == 6
