from django.apps import AppConfig


class ActionplanConfig(AppConfig):
    name = "actionplan"
    label = "actionplan"
    verbose_name = "Aktionsplan"
