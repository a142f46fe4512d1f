import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplan.models import Measure
from actionplan.rules import PUBLIC_STATES
from actionplan.selectors import related_area_ids, search_measures, visible_measures
from core.models import Area, FieldOfAction, Organisation, TargetGroup
from core.permissions import is_planner


class MeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Suche"), method="filter_text",
                                  widget=forms.TextInput(attrs={"type": "search"}))
    field_of_action = django_filters.ModelChoiceFilter(
        label=_("Handlungsfeld"), queryset=FieldOfAction.objects.all(), empty_label=_("alle")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Measure.Status.choices, empty_label=_("alle"))
    publication_state = django_filters.ChoiceFilter(
        label=_("Veröffentlichung"), choices=Measure.Publication.choices, empty_label=_("alle")
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Ort"), queryset=Area.objects.order_by("kind", "number"), method="filter_area", empty_label=_("alle")
    )
    lead = django_filters.ModelChoiceFilter(
        label=_("Federführung"), field_name="lead_organisation", empty_label=_("alle"),
        queryset=Organisation.objects.none(),
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Zielgruppe"), field_name="target_groups", queryset=TargetGroup.objects.all(), empty_label=_("alle")
    )
    # The Umsetzung page links its figures here; these two reproduce its overdue and budget figures.
    sachstand = django_filters.ChoiceFilter(
        label=_("Sachstand"), choices=[("ueberfaellig", _("überfällig"))], empty_label=_("egal"),
        method="filter_report_overdue",
    )
    kosten = django_filters.ChoiceFilter(
        label=_("Kosten"), choices=[("ja", _("geschätzt"))], empty_label=_("egal"), method="filter_costed",
    )

    class Meta:
        model = Measure
        fields = ["q", "field_of_action", "status", "publication_state", "area", "lead", "target_group",
                  "sachstand", "kosten"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["area"].field.label_from_instance = lambda area: area.label
        # Only organisations leading a measure this person may see: a draft's lead is not public yet.
        self.filters["lead"].queryset = (
            Organisation.objects.filter(led_measures__in=visible_measures(user)).distinct().order_by("name")
        )
        if not is_planner(user):
            # "Sachstand überfällig" is a working note for planners.
            del self.filters["sachstand"]
            self.filters["publication_state"].extra["choices"] = [
                c for c in Measure.Publication.choices if c[0] in PUBLIC_STATES
            ]

    @property
    def qs(self):
        # The text search ranks and orders; apply it after every narrowing filter.
        if not hasattr(self, "_qs"):
            qs = super().qs
            if self.is_bound:
                # A bad value in another field is reported there; the text search still applies.
                qs = search_measures(qs, getattr(self.form, "cleaned_data", {}).get("q") or "")
            self._qs = qs
        return self._qs

    def filter_text(self, queryset, name, value):
        return queryset

    def filter_area(self, queryset, name, area):
        if area.kind == Area.Kind.CITY:
            return queryset.filter(Q(citywide=True) | Q(pk__in=Measure.objects.filter(areas=area).values("pk")))
        return queryset.filter(pk__in=Measure.objects.filter(areas__in=related_area_ids(area)).values("pk"))

    def filter_report_overdue(self, queryset, name, value):
        from actionplan.implementation import overdue_measures

        return queryset.filter(pk__in=overdue_measures(self.user).values("pk")) if value else queryset

    def filter_costed(self, queryset, name, value):
        return queryset.filter(cost_estimate__gt=0) if value else queryset
