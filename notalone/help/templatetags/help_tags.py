from __future__ import annotations

from django import template

from notalone.core.places import country_name as _country_name
from notalone.core.places import language_name
from notalone.help.place import region_name as _region_name

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    return _country_name(code)


@register.filter
def region_names(codes: list[str]) -> str:
    return ", ".join(_region_name(code) for code in codes)


@register.filter
def language_names(codes: list[str]) -> str:
    return ", ".join(language_name(code) for code in codes)
