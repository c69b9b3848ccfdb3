from __future__ import annotations

from functools import cache

from django import template
from django.utils import translation

from notalone.core.places import country_choices, language_choices
from notalone.help.models import SERVES_LABELS
from notalone.help.phones import Phone, dial_uri
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


@register.filter
def serves_names(groups: list[str] | tuple[str, ...]) -> str:
    """("women", "children") -> "women, children": the groups a line is limited to."""
    return ", ".join(str(SERVES_LABELS.get(group, group.replace("-", " "))) for group in groups)


def _dial(value: Phone | str | None) -> str:
    return value.dial if isinstance(value, Phone) else str(value or "")


@register.filter
def tel_href(value: Phone | str | None) -> str:
    """``{{ phone|tel_href }}``: the ``tel:`` link of a Phone or a dial form, "" if none."""
    return dial_uri("tel", _dial(value))


@register.filter
def sms_href(value: Phone | str | None) -> str:
    """``{{ phone|sms_href }}``: the ``sms:`` link of a Phone or a dial form, "" if none."""
    return dial_uri("sms", _dial(value))


@register.filter
def ltr_number(number: str) -> str:
    """A phone number isolated left to right (Unicode LRI … PDI, UAX #9) inside a sentence
    of a right-to-left page: in an Arabic sentence "+44 20 7946 0958" would otherwise read its
    groups right to left. A left-to-right page needs no isolate and gets none."""
    if not number or not translation.get_language_bidi():
        return number
    return f"\u2066{number}\u2069"
