from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplanConfig(AppConfig):
    name = "actionplan"
    label = "actionplan"
    verbose_name = _("Aktionsplan")

    def ready(self):
        # Workshops and statistics know nothing of the action plan: it adds itself to their
        # pages (measures beside outcomes and areas, filters, a link) through their hooks.
        from actionplan import outcome_extensions

        outcome_extensions.register()

        from actionplan.filters import register_choices

        register_choices()
