"""Every text field the site renders reads its own direction from what is typed in it.

A survivor may write Arabic on an English page or English on an Arabic one: with
``dir="auto"`` (HTML, the first strong character decides) each text input and textarea lays
out what is typed in it the right way round, whatever the page's direction. One form renderer
adds it to every widget of those kinds, so no form can forget it.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest

# Input types whose value is free text (a password is typed blind, but its caret still moves
# the right way with dir="auto").
TEXT_INPUT_TYPES = frozenset({"text", "search", "email", "url", "tel", "password"})


class DirAutoRenderer(DjangoTemplates):
    """Django's default renderer, adding ``dir="auto"`` to text inputs and textareas."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict):
            is_text = widget.get("type") in TEXT_INPUT_TYPES or template_name.endswith(
                "/textarea.html"
            )
            if is_text:
                widget["attrs"] = {**widget.get("attrs", {}), "dir": "auto"}
        return super().render(template_name, context, request)
