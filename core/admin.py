from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core import services
from core.models import (
    Area,
    FieldOfAction,
    Membership,
    MembershipLogEntry,
    Organisation,
    SitePage,
    TargetGroup,
    User,
)

# Every confirmation, removal and naming of a contact is logged and mailed by core.services; the admin
# shows memberships but changes them only through those services (the confirm action below).
MEMBERSHIP_STATE = ["confirmed", "is_contact"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]
    readonly_fields = MEMBERSHIP_STATE
    can_delete = False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_active", "is_staff", "role_groups", "is_demo"]
    list_filter = ["is_active", "is_staff", "groups", "is_demo"]
    search_fields = ["email", "display_name", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("display_name", "first_name", "last_name")}),
        (_("Rollen und Rechte"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Daten"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    @admin.display(description=_("Rollen"))
    def role_groups(self, obj):
        return ", ".join(g.name for g in obj.groups.all()) or "–"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "short_name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "confirmed", "created_at"]
    list_filter = ["confirmed", "organisation__kind"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    readonly_fields = MEMBERSHIP_STATE
    actions = ["confirm"]

    def has_delete_permission(self, request, obj=None):
        return False

    # Confirming here goes through the same service as the platform's page: logged and mailed.
    @admin.action(description=_("Ausgewählte Mitgliedschaften bestätigen"))
    def confirm(self, request, queryset):
        pending = list(queryset.filter(confirmed=False).select_related("user", "organisation"))
        for membership in pending:
            services.membership_confirm(membership=membership, by=request.user)
        self.message_user(request, _("%(n)d Mitgliedschaften bestätigt.") % {"n": len(pending)})


@admin.register(MembershipLogEntry)
class MembershipLogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "person_name", "organisation", "action", "by"]
    list_filter = ["action"]
    search_fields = ["person_name", "organisation__name"]

    # The log is a record: nobody edits or deletes it, not even here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "number", "parent", "key"]
    list_filter = ["kind"]
    search_fields = ["name", "key"]
    readonly_fields = ["key", "slug"]


@admin.register(FieldOfAction, TargetGroup)
class MasterDataAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]


admin.site.site_header = _("Aktionsplan gegen Armut – Verwaltung")
admin.site.site_title = _("Aktionsplan gegen Armut")
admin.site.index_title = _("Verwaltung der Plattform")
