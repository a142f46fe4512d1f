"""The list pages' own FilterSets, built with the same arguments the pages give them."""

from django_filters import filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension, _NoHint
from rest_framework.exceptions import ValidationError


class PageFilterBackend(DjangoFilterBackend):
    """django-filter's backend, handing each view's extra FilterSet arguments (user, events) on.

    A bad filter value answers 400 with the FilterSet's German message, as the page's form would show it.
    """

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        extra = getattr(view, "filterset_extra_kwargs", None)
        if extra is not None:
            kwargs.update(extra(request))
        return kwargs

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError({name: [str(e) for e in errors] for name, errors in filterset.errors.items()})
        return filterset.qs


class PageFilterSchema(DjangoFilterExtension):
    """Documents the pages' FilterSets in the OpenAPI schema.

    Filters that work through a method (the measure list's "area", the outcome list's "place")
    carry no type hint in their apps; their values are what the page's form sends: an area's id
    for a model choice, the option's text otherwise.
    """

    target_class = "opendata.filtering.PageFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        self._field = filter_field
        return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)

    def _get_filter_method_hint(self, filter_method):
        hint = super()._get_filter_method_hint(filter_method)
        if filter_method is None or hint is not _NoHint:
            return hint
        return int if isinstance(self._field, filters.ModelChoiceFilter) else str
