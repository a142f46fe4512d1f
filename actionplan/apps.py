from django.apps import AppConfig


class ActionplanConfig(AppConfig):
    name = "actionplan"
    label = "actionplan"
    verbose_name = "Aktionsplan"

    def ready(self):
        # The statistics app shows, on each area profile, the measures that name the area;
        # it knows nothing of the action plan, so the plan registers itself here.
        from actionplan.views import area_panel
        from district_statistics import extensions

        if area_panel not in extensions.area_panels:
            extensions.register_area_panel(area_panel)

        # Likewise the workshop pages show and filter by the measures that take an outcome up.
        from actionplan import outcome_extensions

        outcome_extensions.register()

        from actionplan.filters import register_choices

        register_choices()
