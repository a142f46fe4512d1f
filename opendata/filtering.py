"""The list pages' own FilterSets, built with the same arguments the pages give them."""

from django_filters.rest_framework import DjangoFilterBackend
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
