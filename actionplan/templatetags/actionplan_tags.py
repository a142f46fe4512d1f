from django import template
from django.urls import NoReverseMatch

register = template.Library()

STATUS_BADGES = {
    "idee": "badge--muted",
    "planung": "",
    "umsetzung": "badge--warn",
    "umgesetzt": "badge--ok",
    "zurueckgestellt": "badge--muted",
}


@register.filter
def link_of(obj):
    """An object's page, or "" while the app that owns that page does not provide it."""
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return ""


@register.filter
def status_badge(status):
    return STATUS_BADGES.get(status, "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""
