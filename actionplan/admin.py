from django.contrib import admin
from django.db.models import F
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from actionplan.models import (
    Comment,
    CommentReport,
    ConsultationPeriod,
    Follow,
    Measure,
    MeasureIndicator,
    Milestone,
    Response,
    StatusChange,
)
from actionplan.services import insert_with_reference


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class MeasureIndicatorInline(admin.TabularInline):
    model = MeasureIndicator
    extra = 0
    raw_id_fields = ["indicator"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["status", "changed_at", "changed_by", "note"]
    can_delete = False


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "field_of_action", "status", "publication_state", "priority", "is_demo"]
    list_filter = ["status", "publication_state", "field_of_action", "priority", "is_demo"]
    search_fields = ["reference", "title", "summary"]
    readonly_fields = ["reference", "version", "created_by", "created_at", "updated_at"]
    filter_horizontal = ["target_groups", "areas", "partners"]
    raw_id_fields = ["outcomes"]
    inlines = [MilestoneInline, MeasureIndicatorInline, StatusChangeInline]

    def save_model(self, request, obj, form, change):
        if change:
            # An admin save is an edit too: bump the version so open edit forms notice it.
            Measure.objects.filter(pk=obj.pk).update(version=F("version") + 1)
            obj.version = Measure.objects.values_list("version", flat=True).get(pk=obj.pk)
            super().save_model(request, obj, form, change)
        else:
            obj.created_by = request.user
            insert_with_reference(obj, timezone.localdate().year)


@admin.register(ConsultationPeriod)
class ConsultationPeriodAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "ends_at"]


class ReplyInline(admin.TabularInline):
    model = Comment
    fk_name = "parent"
    extra = 0
    fields = ["author", "organisation", "text", "hidden_at"]
    readonly_fields = fields


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "measure", "organisation", "position", "created_at", "hidden_at", "is_demo"]
    list_filter = ["position", "is_demo", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["text", "organisation__name", "measure__reference"]
    raw_id_fields = ["measure", "parent", "author", "hidden_by"]
    inlines = [ReplyInline]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["comment", "disposition", "responded_by", "responded_at"]
    list_filter = ["disposition"]
    raw_id_fields = ["comment", "responded_by"]


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    list_display = ["comment", "reported_by", "created_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["comment", "reported_by"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "measure", "created_at"]
    raw_id_fields = ["user", "measure"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["measure", "status", "changed_at", "changed_by"]
    list_filter = ["status"]
    raw_id_fields = ["measure", "changed_by"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "measure", "date", "done"]
    raw_id_fields = ["measure"]


@admin.register(MeasureIndicator)
class MeasureIndicatorAdmin(admin.ModelAdmin):
    list_display = ["measure", "indicator", "target_text"]
    raw_id_fields = ["measure", "indicator"]
