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
