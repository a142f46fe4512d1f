from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "workshops"
    label = "workshops"
    verbose_name = "Fachtage und Workshops"
