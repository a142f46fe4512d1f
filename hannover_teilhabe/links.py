"""Links to many rows of one kind, with one reverse() for all of them.

Resolving a URL costs about as much as drawing a small card: a board of 85 cards with three
links each spent more time in reverse() than in its template.
"""

from django.urls import reverse

_MARKER = "918273645"


def link_maker(viewname):
    """A function pk → the URL of `viewname` for that pk, built from one reverse() with a marker."""
    head, marker, tail = reverse(viewname, kwargs={"pk": int(_MARKER)}).partition(_MARKER)
    if not marker or _MARKER in tail:
        raise ValueError(f"{viewname}: the primary key is not the one number in its URL")
    return lambda pk: f"{head}{int(pk)}{tail}"
