from __future__ import annotations

from django import template
from django.utils import translation

from notalone.core.places import country_name as _country_name
from notalone.core.places import language_name, list_of
from notalone.help.models import SERVES_LABELS
from notalone.help.phones import Phone, dial_uri, international_tel_uri
from notalone.help.place import region_name as _region_name

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """The country's name in the reader's language (``core.places``)."""
    return _country_name(code)


@register.filter
def region_names(codes: list[str]) -> str:
    return list_of([_region_name(code) for code in codes])


@register.filter
def language_names(codes: list[str]) -> str:
    return list_of([language_name(code) for code in codes])


@register.filter(name="list_of")
def list_of_filter(items: list[str]) -> str:
    """``{{ names|list_of }}``: joined the reader's language's way (``core.places.list_of``)."""
    return list_of(items)


@register.filter
def serves_names(groups: list[str] | tuple[str, ...]) -> str:
    """("women", "children") -> "women, children": the groups a line is limited to."""
    return list_of([str(SERVES_LABELS.get(group, group.replace("-", " "))) for group in groups])


def _dial(value: Phone | str | None) -> str:
    return value.dial if isinstance(value, Phone) else str(value or "")


@register.filter
def tel_href(value: Phone | str | None) -> str:
    """``{{ phone|tel_href }}``: the ``tel:`` link of a Phone or a dial form, "" if none."""
    return dial_uri("tel", _dial(value))


@register.filter
def international_tel_href(value: Phone | str | None) -> str:
    """``{{ line.dial|international_tel_href }}``: the ``tel:`` link of a number in
    international form, "" for a short number or service code (shown as text instead)."""
    return international_tel_uri(_dial(value))


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
