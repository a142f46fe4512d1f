from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    label = "workshops"
    verbose_name = _("Fachtage und Workshops")

    def ready(self):
        from workshops import filters, forms

        forms.register_choices()
        filters.register_choices()
