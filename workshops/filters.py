import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import choices as cached_choices
from core.choices import OptionsSelect, QuickSelect
from core.models import Area, FieldOfAction, TargetGroup
from hannover_teilhabe.german_search import stems
from workshops import extensions
from workshops.models import Outcome, Workshop

CITYWIDE = "stadt"


def _place_choices():
    areas = list(Area.objects.exclude(kind=Area.Kind.CITY).order_by("name"))
    # Plain text, not lazy: the list is kept per interface language in the choices cache.
    return [
        (CITYWIDE, str(_("gesamtstädtisch"))),
        (str(_("Stadtbezirke")), [(area.key, area.name) for area in areas if area.kind == Area.Kind.DISTRICT]),
        (str(_("Stadtteile")), [(area.key, area.name) for area in areas if area.kind == Area.Kind.QUARTER]),
    ]


def register_choices():
    """The filter's master-data selects are read once per change of those rows, not per request."""
    cached_choices.register("outcome-filter:field_of_action",
                            lambda: [(str(item.pk), item.name) for item in FieldOfAction.objects.all()])
    cached_choices.register("outcome-filter:target_group",
                            lambda: [(str(item.pk), item.name) for item in TargetGroup.objects.all()])
    cached_choices.register("outcome-filter:place", _place_choices)
    cached_choices.watch(FieldOfAction, TargetGroup, Area)


class OutcomeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Suche"), method="filter_text",
                                  widget=forms.TextInput(attrs={"type": "search"}))
    event = django_filters.ModelChoiceFilter(field_name="workshop__event", label=_("Veranstaltung"),
                                             queryset=None, empty_label=_("alle"), widget=QuickSelect)
    workshop = django_filters.ModelChoiceFilter(label=_("Workshop"), queryset=None, empty_label=_("alle"),
                                              widget=QuickSelect)
    kind = django_filters.ChoiceFilter(label=_("Art"), choices=Outcome.Kind.choices, empty_label=_("alle"),
                                      widget=QuickSelect)
    field_of_action = django_filters.ModelChoiceFilter(label=_("Handlungsfeld"), empty_label=_("alle"),
                                                       queryset=FieldOfAction.objects.all(), widget=QuickSelect)
    target_group = django_filters.ModelChoiceFilter(field_name="target_groups", label=_("Zielgruppe"),
                                                    empty_label=_("alle"), queryset=TargetGroup.objects.all(),
                                                    widget=QuickSelect)
    place = django_filters.ChoiceFilter(label=_("Ort"), choices=_place_choices, empty_label=_("alle"),
                                        method="filter_place", widget=QuickSelect)
    class Meta:
        model = Outcome
        fields = []

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        # Start from fresh form fields: one built on the class-level filter (API schema, docs page)
        # would keep every event instead of the ones this person may see.
        for declared in self.filters.values():
            declared.__dict__.pop("_field", None)
        # Other apps (the action plan) add their filters here, built for the requesting user.
        if self.request is not None:
            for name, filter_ in extensions.extra_outcome_filters(self.request).items():
                filter_.field_name = filter_.field_name or name
                filter_.model = self.queryset.model
                filter_.parent = self
                self.filters[name] = filter_
        fields_of_action, target_groups, places = cached_choices.read(
            "outcome-filter:field_of_action", "outcome-filter:target_group", "outcome-filter:place")
        self.filters["field_of_action"].extra["widget"] = OptionsSelect(options=fields_of_action,
                                                                        empty_label=_("alle"))
        self.filters["target_group"].extra["widget"] = OptionsSelect(options=target_groups, empty_label=_("alle"))
        self.filters["place"].extra["choices"] = places
        self.filters["event"].queryset = events
        self.filters["workshop"].queryset = Workshop.objects.filter(event__in=events).select_related("event")
        if events.count() > 1:
            # With several events, "Workshop 1" alone is ambiguous.
            self.form.fields["workshop"].label_from_instance = lambda w: f"{w.event.title} – {w}"

    def filter_text(self, queryset, name, value):
        """Every word must occur: as typed (also inside a compound word, "Sperren" in "Stromsperren"),
        or in another German form ("Familienzentren" for "Familienzentrum"). The Snowball stems of the
        stored search_document do the latter the same way on PostgreSQL and on SQLite."""
        for word in value.split():
            found = Q(title__icontains=word) | Q(description__icontains=word) | Q(existing_offer__icontains=word)
            word_stems = stems(word)
            if word_stems:
                inflected = Q()
                for stem in word_stems:
                    inflected &= Q(search_document__contains=stem)
                found |= inflected
            queryset = queryset.filter(found)
        return queryset

    def filter_place(self, queryset, name, value):
        if value == CITYWIDE:
            return queryset.filter(citywide=True)
        # A Stadtbezirk also finds what was said about its Stadtteile.
        areas = Area.objects.filter(Q(key=value) | Q(parent__key=value, kind=Area.Kind.QUARTER))
        return queryset.filter(pk__in=Outcome.areas.through.objects.filter(area__in=areas).values("outcome_id"))
