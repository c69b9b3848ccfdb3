"""The footer's crisis line, for every page: the help app's own context for templates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notalone.help.phones import international_tel_uri
from notalone.help.place import place_of
from notalone.help.selectors import crisis_line_for


def _crisis_line(request: HttpRequest) -> dict[str, Any] | None:
    """The chosen country's line, else the operator's default line, else None (the footer
    then offers to find a line where the reader is)."""
    line = crisis_line_for(place_of(request))
    if line is not None:
        return line
    default = settings.DEFAULT_CRISIS_LINE
    if default is None:
        return None
    # Shown to readers anywhere: only a number in international form is a link (a short code
    # would dial whatever it means where the reader is).
    return {**default, "href": international_tel_uri(default["dial"])}


def crisis_line(request: HttpRequest) -> dict[str, Any]:
    """Looked up only when a page shows it (lazy)."""
    return {"crisis_line": SimpleLazyObject(lambda: _crisis_line(request))}
