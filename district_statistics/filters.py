import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Area
from district_statistics.models import Value
from district_statistics.selectors import published_indicators


def _indicators(request):
    return published_indicators(getattr(request, "user", None))


class ValueExportFilter(django_filters.FilterSet):
    """Any indicator × areas × years selection for the open-data export."""

    indikator = django_filters.ModelMultipleChoiceFilter(
        field_name="indicator", queryset=_indicators, label=_("Indikatoren"),
        widget=forms.CheckboxSelectMultiple,
    )
    ebene = django_filters.ChoiceFilter(
        field_name="area__kind", choices=Area.Kind.choices, label=_("Ebene"), empty_label=_("alle Ebenen"),
    )
    gebiet = django_filters.ModelMultipleChoiceFilter(
        field_name="area", queryset=Area.objects.order_by("kind", "name"), label=_("Gebiete"),
        help_text=_("Ohne Auswahl: alle Gebiete der gewählten Ebene. Mehrfachauswahl mit Strg bzw. Cmd."),
    )
    jahr_von = django_filters.NumberFilter(field_name="year", lookup_expr="gte", label=_("Jahr von"))
    jahr_bis = django_filters.NumberFilter(field_name="year", lookup_expr="lte", label=_("Jahr bis"))

    class Meta:
        model = Value
        fields = []

    @property
    def form(self):
        form = super().form
        # "Mitte" is a Stadtteil and a Stadtbezirk: the choice must say which.
        form.fields["gebiet"].label_from_instance = lambda area: area.label
        return form
