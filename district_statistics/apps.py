from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    # The package is not called `statistics`: a top-level package of that name would
    # replace Python's standard library module, which Django's SQLite backend imports.
    name = "district_statistics"
    label = "statistics"
    verbose_name = _("Sozialstatistik")
