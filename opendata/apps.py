from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    """The action plan and the statistics as data: API, downloads and a DCAT-AP.de catalogue.

    It reads workshops, district_statistics, actionplan and reports through their own selectors,
    filters and suppression; no other app imports it.
    """

    name = "opendata"
    label = "opendata"
    verbose_name = "Offene Daten"
