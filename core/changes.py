"""One number for "the data people can see has changed": the generation of shown data.

Caches of whole answers (the open-data API's, opendata/answers.py) key on it, so a change is
visible in the next answer. Every save, deletion or m2m change of a model of the data apps starts
a new generation after its commit. Writes that send no signals (bulk_create and
queryset.update() in the imports, the report's publication switch, the demo) call
`data_changed()` themselves; that list is kept short and tested.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "data:generation"
# The app labels whose rows pages, the API, its downloads and the catalogue show.
DATA_APPS = {"actionplan", "workshops", "statistics", "core", "reports"}


def generation():
    return cache.get(GENERATION_KEY, 0)


def _next_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet, or the cache is away (then nothing is kept anyway)
        cache.set(GENERATION_KEY, 1, timeout=None)


def _cache_in_database():
    return settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")


def data_changed():
    """Call after a write that sends no model signals (bulk_create, queryset.update())."""
    # After the commit is what counts: a reader before it keeps old rows under the old generation.
    transaction.on_commit(_next_generation)
    # With Redis also at once, on its own connection (inside a test's transaction nothing commits).
    # The database cache would write the counter inside the writer's transaction and hold its row
    # lock until the commit: a long import would then block every other writer.
    if not _cache_in_database():
        _next_generation()


# Rows written and replaced by the ten thousand: a post_delete receiver would make Django fetch
# every row and signal each one instead of one DELETE (a 50,000-value import took 87 s instead of
# 3 s). The statistics import announces its writes itself; a value deleted one by one in the admin
# shows in cached answers after OPEN_DATA_CACHE_SECONDS.
NO_DELETE_SIGNAL = {"statistics.value"}


# Bookkeeping nobody is shown, written with every side effect and upload.
NEVER_SHOWN = {"core.outboxmessage", "core.pendingupload"}


def _shown(model):
    # Migrations save through models of their own ("__fake__"), before the cache table exists; a
    # version row (simple_history) is always written beside the change it records.
    return (model._meta.app_label in DATA_APPS and model.__module__ != "__fake__"
            and not model.__name__.startswith("Historical") and model._meta.label_lower not in NEVER_SHOWN)


def _model_changed(sender, action="post_", **kwargs):
    if _shown(sender) and action.startswith("post_"):  # m2m_changed also says "pre_add" …
        data_changed()


def connect_signals():
    from django.apps import apps

    post_save.connect(_model_changed, dispatch_uid="core-changes-save")
    m2m_changed.connect(_model_changed, dispatch_uid="core-changes-m2m")
    for model in apps.get_models():
        if _shown(model) and model._meta.label_lower not in NO_DELETE_SIGNAL:
            post_delete.connect(_model_changed, sender=model, dispatch_uid=f"core-changes-delete-{model._meta.label}")
