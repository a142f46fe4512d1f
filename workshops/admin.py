from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workshops.models import Event, Outcome, Workshop


class WorkshopInline(admin.StackedInline):
    model = Workshop
    extra = 0
    filter_horizontal = ["organisations"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "place", "is_public", "is_demo"]
    list_filter = ["is_public", "is_demo"]
    search_fields = ["title", "place", "organiser"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "date"
    inlines = [WorkshopInline]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "participant_count"]
    list_filter = ["event"]
    search_fields = ["title", "topic", "moderators"]
    filter_horizontal = ["organisations"]


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "workshop", "field_of_action", "weight", "updated_at"]
    list_filter = ["kind", "workshop__event", "workshop", "field_of_action", "citywide"]
    search_fields = ["title", "description", "existing_offer"]
    filter_horizontal = ["target_groups", "areas"]
    list_select_related = ["workshop", "field_of_action"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    history_list_display = ["kind", "title"]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
