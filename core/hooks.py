"""Places where one app's pages show what another app adds, without knowing that app.

The app that owns a page declares a `Hook`; the other app registers a function on it in its
AppConfig.ready(). Dependencies keep pointing one way: statistics and workshops declare hooks,
the action plan fills them. Every function gets the request (so it decides what this person may
see) and the page's object, and returns one contribution or None to add nothing.

A contribution meant to be shown as a panel is a dict with "title", "template" and "context";
`Hook.render` renders each with its context plus the page's object. Templates reach a hook by
name with `{% hook_contributions "statistics.index_links" as links %}` (core_hooks tags).
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

HOOKS: dict[str, "Hook"] = {}


class Hook:
    def __init__(self, name: str, functions: Iterable[Callable] = ()) -> None:
        self.name = name
        self.functions = list(functions)
        HOOKS.setdefault(name, self)

    def register(self, function: Callable) -> Callable:
        if function not in self.functions:
            self.functions.append(function)
        return function

    def contributions(self, request: HttpRequest, *args: Any) -> list:
        return [result for result in (function(request, *args) for function in self.functions) if result is not None]

    def render(self, request: HttpRequest, *args: Any, **page_context: Any) -> list[dict]:
        """Each contribution as a panel dict with its rendered "html" added."""
        panels = []
        for panel in self.contributions(request, *args):
            context = {**panel.get("context", {}), **page_context}
            panels.append({**panel, "html": render_to_string(panel["template"], context, request=request)})
        return panels


def hook(name: str) -> Hook:
    return HOOKS[name]
