from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_cache_table(sender, using, **kwargs):
    # Without Redis the rate limits live in a database table; every `migrate` (make run, the
    # container start) makes sure it exists, also after switching from Redis to the database.
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "core"
    label = "core"
    verbose_name = _("Stammdaten und Konten")

    def ready(self):
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="core_create_cache_table")
        from core import changes

        changes.connect_signals()
        # The demo banner's cached answer is dropped when demo people are created or deleted.
        from core import context_processors  # noqa: F401
