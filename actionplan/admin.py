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
    ProgressReport,
    Response,
    StatusChange,
)
from actionplan.services import (
    check_publication,
    insert_with_reference,
    record_publication_change,
    record_status_change,
)

STATUS_NOTE = "in der Verwaltungsoberfläche geändert"


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

    def has_add_permission(self, request, obj=None):
        # Status changes are written when the status field changes, never by hand.
        return False


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "field_of_action", "status", "publication_state", "priority", "is_demo"]
    list_filter = ["status", "publication_state", "field_of_action", "priority", "is_demo"]
    search_fields = ["reference", "title", "summary"]
    readonly_fields = ["reference", "version", "created_by", "created_at", "updated_at"]
    filter_horizontal = ["target_groups", "areas", "partners"]
    raw_id_fields = ["outcomes"]
    inlines = [MilestoneInline, MeasureIndicatorInline, StatusChangeInline]

    def _may_adopt(self, request, obj=None):
        return request.user.has_perm("actionplan.adopt_measure", obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # Only the Dezernat may lift a decision; everyone else sees an adopted measure's state only.
        adopted = obj is not None and obj.publication_state == Measure.Publication.ADOPTED
        if adopted and not self._may_adopt(request, obj):
            fields.append("publication_state")
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "publication_state" and not self._may_adopt(request):
            # The same rule as the edit form: only the Dezernat adopts ("beschlossen").
            kwargs["choices"] = [c for c in Measure.Publication.choices if c[0] != Measure.Publication.ADOPTED]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            old_status, old_state = Measure.objects.values_list("status", "publication_state").get(pk=obj.pk)
            # A forged post cannot get past the rule the choices above express.
            check_publication(old_state=old_state, new_state=obj.publication_state, by=request.user)
            # An admin save is an edit too: bump the version so open edit forms notice it.
            Measure.objects.filter(pk=obj.pk).update(version=F("version") + 1)
            obj.version = Measure.objects.values_list("version", flat=True).get(pk=obj.pk)
            super().save_model(request, obj, form, change)
            if obj.status != old_status:
                record_status_change(obj, status=obj.status, by=request.user, note=STATUS_NOTE)
            record_publication_change(obj, old_state=old_state, by=request.user)
        else:
            check_publication(old_state=Measure.Publication.DRAFT, new_state=obj.publication_state, by=request.user)
            obj.created_by = request.user
            insert_with_reference(obj, timezone.localdate().year)
            record_status_change(obj, status=obj.status, by=request.user, note="Maßnahme in der Verwaltung angelegt")


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


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    # Reports are written on the measure page, where followers are told; here they are only read.
    list_display = ["measure", "reported_on", "title", "percent", "created_by", "is_demo"]
    list_filter = ["reported_on", "is_demo"]
    search_fields = ["measure__reference", "title", "text"]
    readonly_fields = ["measure", "reported_on", "title", "text", "percent", "milestone", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False
