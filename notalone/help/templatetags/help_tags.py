from __future__ import annotations

from functools import cache

from django import template

from notalone.core.places import country_choices, language_choices
from notalone.help.place import region_name as _region_name

register = template.Library()


@cache
def _country_names() -> dict[str, str]:
    return dict(country_choices())


@cache
def _language_names() -> dict[str, str]:
    return dict(language_choices())


@register.filter
def country_name(code: str) -> str:
    return _country_names().get(code, code)


@register.filter
def region_names(codes: list[str]) -> str:
    return ", ".join(_region_name(code) for code in codes)


@register.filter
def language_names(codes: list[str]) -> str:
    names = _language_names()
    return ", ".join(names.get(code, code) for code in codes)
