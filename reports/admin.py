from django.contrib import admin

from reports.models import ReportExport, ReportSettings


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "version_label", "updated_at", "updated_by"]
    fields = ["intro_title", "version_label", "intro_text", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def has_add_permission(self, request):
        # One row only (pk 1); the reports page and this form edit it.
        return not ReportSettings.objects.exists() and super().has_add_permission(request)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ReportExport)
class ReportExportAdmin(admin.ModelAdmin):
    list_display = ["pk", "requested_at", "requested_by", "status", "progress", "is_draft", "is_public",
                    "page_count"]
    list_filter = ["status", "is_draft", "is_public"]
    readonly_fields = ["requested_by", "requested_at", "options", "options_fingerprint", "status", "progress",
                       "step", "error", "file", "file_size", "page_count", "started_at", "finished_at",
                       "heartbeat_at", "attempts", "is_draft"]
    fields = readonly_fields + ["is_public"]

    def has_add_permission(self, request):
        return False
