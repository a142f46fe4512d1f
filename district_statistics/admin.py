from django.contrib import admin

from district_statistics.models import ImportLog, Indicator, NonTakeUpEstimate, Value


class NonTakeUpEstimateInline(admin.StackedInline):
    model = NonTakeUpEstimate
    extra = 0
    max_num = 1


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "unit", "is_published", "is_key_indicator", "is_example_data", "position"]
    list_filter = ["unit", "is_published", "is_key_indicator", "is_example_data", "counts_benefit_recipients"]
    list_editable = ["position"]
    search_fields = ["name", "key", "source_publisher"]
    prepopulated_fields = {"key": ["name"]}
    inlines = [NonTakeUpEstimateInline]


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "area", "year", "value", "numerator", "denominator"]
    list_filter = ["indicator", "year", "area__kind"]
    search_fields = ["area__name", "indicator__name"]
    list_select_related = ["indicator", "area"]
    autocomplete_fields = ["indicator"]
    raw_id_fields = ["area"]


@admin.register(NonTakeUpEstimate)
class NonTakeUpEstimateAdmin(admin.ModelAdmin):
    list_display = ["indicator", "rate_low", "rate_high", "source"]
    list_select_related = ["indicator"]


@admin.register(ImportLog)
class ImportLogAdmin(admin.ModelAdmin):
    list_display = ["imported_at", "filename", "file_format", "imported_by", "row_count", "created_count",
                    "replaced_count", "skipped_count"]
    list_filter = ["file_format"]
    readonly_fields = [field.name for field in ImportLog._meta.fields]
    list_select_related = ["imported_by"]

    def has_add_permission(self, request):
        return False
