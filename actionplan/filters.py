import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from actionplan.models import Measure
from actionplan.rules import PUBLIC_STATES
from actionplan.selectors import related_area_ids, search_measures, visible_measures
from core import choices
from core.choices import OptionsSelect, QuickSelect
from core.models import Area, FieldOfAction, Organisation, TargetGroup
from core.permissions import is_planner

ALL = _("alle")


def _lead_organisations(measures):
    # EXISTS, not a join with DISTINCT: each organisation is looked at once.
    return Organisation.objects.filter(
        Exists(measures.filter(lead_organisation=OuterRef("pk")))
    ).order_by("name")


def register_choices():
    """The filter's selects read their options once per change of the rows they show."""
    choices.register("measure-filter:field_of_action",
                     lambda: [(str(f.pk), f.name) for f in FieldOfAction.objects.all()])
    choices.register("measure-filter:target_group",
                     lambda: [(str(t.pk), t.name) for t in TargetGroup.objects.all()])
    choices.register("measure-filter:area",
                     lambda: [(str(a.pk), str(a.label)) for a in Area.objects.order_by("kind", "number")])
    choices.register("measure-filter:lead:public", lambda: [
        (str(o.pk), o.name) for o in _lead_organisations(Measure.objects.filter(publication_state__in=PUBLIC_STATES))
    ])
    choices.register("measure-filter:lead:all",
                     lambda: [(str(o.pk), o.name) for o in _lead_organisations(Measure.objects.all())])
    # A measure's lead and publication decide which organisations the lead filter offers.
    choices.watch(FieldOfAction, TargetGroup, Area, Organisation, Measure)


class MeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Suche"), method="filter_text",
                                  widget=forms.TextInput(attrs={"type": "search"}))
    field_of_action = django_filters.ModelChoiceFilter(
        label=_("Handlungsfeld"), queryset=FieldOfAction.objects.all(), empty_label=ALL,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Measure.Status.choices, empty_label=ALL,
                                         widget=QuickSelect)
    publication_state = django_filters.ChoiceFilter(
        label=_("Veröffentlichung"), choices=Measure.Publication.choices, empty_label=ALL, widget=QuickSelect,
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Ort"), queryset=Area.objects.order_by("kind", "number"), method="filter_area", empty_label=ALL,
    )
    lead = django_filters.ModelChoiceFilter(
        label=_("Federführung"), field_name="lead_organisation", empty_label=ALL,
        queryset=Organisation.objects.none(),
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Zielgruppe"), field_name="target_groups", queryset=TargetGroup.objects.all(), empty_label=ALL,
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
        # A filter's form field is built once and cached on the filter; if anything (the API schema,
        # the docs page) built it on the class-level filter, every copy would keep the full choices
        # and default widgets. Per-person choices below must start from a fresh field.
        for declared in self.filters.values():
            declared.__dict__.pop("_field", None)
        # Only organisations leading a measure this person may see: a draft's lead is not public yet.
        self.filters["lead"].queryset = _lead_organisations(visible_measures(user))
        lead_source = "measure-filter:lead:all" if is_planner(user) else "measure-filter:lead:public"
        sources = {"field_of_action": "measure-filter:field_of_action", "area": "measure-filter:area",
                   "target_group": "measure-filter:target_group", "lead": lead_source}
        for name, options in zip(sources, choices.read(*sources.values()), strict=True):
            self.filters[name].extra["widget"] = OptionsSelect(options=options, empty_label=ALL)
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
