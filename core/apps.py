from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    label = "core"
    verbose_name = "Stammdaten und Konten"

    def ready(self):
        # The demo banner's cached answer is dropped when demo people are created or deleted.
        from core import context_processors  # noqa: F401
