"""A page of results costs the same number of queries however many rows it holds."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Area
from district_statistics.models import Value
from tests.actionplan.factories import OutcomeFactory, make_comment, make_measure, quarter
from tests.district_statistics.factories import IndicatorFactory


@pytest.fixture(autouse=True)
def _build_every_answer(settings):
    # What building an answer costs; the public's repeated reads come from the cache (test_http.py).
    settings.OPEN_DATA_CACHE_SECONDS = 0


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def _add_measures(planner, member, count):
    for n in range(count):
        measure = make_measure(by=planner, title=f"Maßnahme {n}", areas=[quarter("Linden-Süd")], citywide=False)
        measure.outcomes.add(OutcomeFactory())
        measure.milestones.create(date="2027-01-01", title="Start")
        make_comment(measure=measure, author=member)


@pytest.mark.parametrize("who", ["anonymous", "planner"])
def test_the_measure_list_and_comments_cost_constant_queries(client, world, planner, member, who):
    if who == "planner":
        client.force_login(planner)
    urls = [reverse(f"opendata:{name}") for name in ("measure-list", "outcome-list", "comment-list", "event-list")]
    urls += [reverse("opendata:download", args=[dataset, "json"]) for dataset in ("massnahmen", "kommentare")]
    before = [_queries(client, url) for url in urls]
    _add_measures(planner, member, 8)
    after = [_queries(client, url) for url in urls]
    assert after == before


def test_a_page_of_values_and_the_full_download_cost_constant_queries(client, world):
    urls = [reverse("opendata:value-list"), reverse("opendata:download", args=["werte", "csv"]),
            reverse("opendata:download", args=["werte", "json"])]
    before = [_queries(client, url) for url in urls]
    indicator = IndicatorFactory(key="noch-einer")
    Value.objects.bulk_create(Value(indicator=indicator, area=area, year=year, value=Decimal("3.5"))
                              for area in Area.objects.filter(kind=Area.Kind.QUARTER) for year in (2023, 2024))
    assert [_queries(client, url) for url in urls] == before


def test_indicators_areas_and_downloads_cost_constant_queries(client, world):
    urls = [reverse("opendata:indicator-list"), reverse("opendata:area-list"),
            reverse("opendata:download", args=["massnahmen", "json"]), reverse("opendata:catalogue")]
    before = [_queries(client, url) for url in urls]
    for n in range(5):
        IndicatorFactory(key=f"weiterer-{n}")
    after = [_queries(client, url) for url in urls]
    assert after == before
