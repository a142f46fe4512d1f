"""The generation of shown data moves on with every change, so cached answers are never stale."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from core import changes
from tests.actionplan.factories import make_measure


@pytest.mark.django_db
def test_a_saved_measure_starts_a_new_generation(planner):
    before = changes.generation()
    make_measure(by=planner, title="Sozialticket")
    assert changes.generation() > before


@pytest.mark.django_db
def test_with_the_database_cache_the_generation_moves_only_after_the_commit(settings, planner,
                                                                           django_capture_on_commit_callbacks):
    # The deployment without Redis: the counter is a row in the cache table. Written inside the
    # writer's transaction it would stay locked until the commit and block every other writer.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                   "LOCATION": "teilhabe_cache"}}
    call_command("createcachetable", verbosity=0)
    cache.set(changes.GENERATION_KEY, 7, timeout=None)
    with django_capture_on_commit_callbacks(execute=True):
        make_measure(by=planner, title="Sozialticket")
        assert changes.generation() == 7
    assert changes.generation() > 7


@pytest.mark.django_db
def test_values_replaced_by_an_import_are_deleted_in_one_statement():
    """An import replaces values by the ten thousand: no row may be fetched and signalled one by one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.models import Area
    from district_statistics.models import Value
    from tests.district_statistics.factories import IndicatorFactory, ValueFactory

    indicator = IndicatorFactory()
    for area in Area.objects.filter(kind=Area.Kind.QUARTER)[:5]:
        ValueFactory(indicator=indicator, area=area, year=2024)
    with CaptureQueriesContext(connection) as captured:
        Value.objects.filter(indicator=indicator).delete()
    assert [query["sql"].split()[0] for query in captured] == ["DELETE"]
