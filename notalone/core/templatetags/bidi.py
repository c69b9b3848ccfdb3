"""``{{ value|bdi }}``: member-written text set inside a sentence of the interface, isolated
with HTML's ``<bdi>`` (its direction from its own first strong character, UAX #9 FSI), so an
Arabic or Hebrew name or title does not reorder the sentence around it, nor the sentence it.
Escapes the text; returns safe HTML."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from notalone.core import unitext

register = template.Library()


@register.filter
def bdi(value: object) -> SafeString:
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def isolate(value: object) -> str:
    """The same for plain text where HTML cannot go (a page's ``<title>``): FSI … PDI."""
    return unitext.isolate(value)
