from django import template

from core.hooks import HOOKS

register = template.Library()


@register.simple_tag(takes_context=True)
def hook_contributions(context, name, *args):
    """What other apps add at this place of the page; nothing if no app fills the hook."""
    found = HOOKS.get(name)
    return found.contributions(context["request"], *args) if found else []
