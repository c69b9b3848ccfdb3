"""The footer's crisis line, for every page: the help app's own context for templates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notalone.help.place import place_of
from notalone.help.selectors import crisis_line_for


def _crisis_line(request: HttpRequest) -> dict[str, Any] | None:
    """The chosen country's line, else the operator's default line, else None (the footer
    then offers to find a line where the reader is)."""
    line = crisis_line_for(place_of(request))
    return line if line is not None else settings.DEFAULT_CRISIS_LINE


def crisis_line(request: HttpRequest) -> dict[str, Any]:
    """Looked up only when a page shows it (lazy)."""
    return {"crisis_line": SimpleLazyObject(lambda: _crisis_line(request))}
