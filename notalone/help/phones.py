"""Phone and text numbers of the help directory, checked with phonenumbers.

A helpline number is checked against the numbering plan of the resource's country. The
metadata in phonenumbers lags behind new helpline ranges and short codes (Germany's 116 016,
India's 14490 are not in it), so a number is accepted when phonenumbers knows it as valid,
or when its length and form fit the country's plan as a full or short number. It is refused
when it does not parse, has the wrong length, or carries another country's calling code.
Network service codes such as Japan's ``#8891`` or Mexico City's ``*765`` are outside what
phonenumbers describes and are accepted as ``*`` or ``#`` followed by two to six digits.

Digits of other scripts (Arabic-Indic ``١٢٣٤٥``, Devanagari, full-width) are read as the
ASCII digits they stand for, and the invisible bidirectional marks a number copied from an
Arabic or Hebrew page carries are removed (``core.invisible``); any other character is refused. Every ``tel:`` and ``sms:`` link
on the site is made by ``dial_uri`` (templates: the ``tel_href`` and ``sms_href`` filters of
``help_tags``) from the dial form, which is only ever ASCII: E.164 (``+`` and up to 15
digits, RFC 3966's global number) for full numbers, the digits of a short number, or a
service code. A number with an extension (``020 7946 0123 ext. 123``) keeps it: its dial form
and link carry RFC 3966's ``ext`` parameter (``tel:+442079460123;ext=123``), because a caller
sent to the switchboard alone may never reach the line. Only ``tel:`` links take an extension.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

import phonenumbers
from django.utils.translation import gettext as _
from phonenumbers import ValidationResult, shortnumberinfo

from notalone.core.invisible import character_name, without_invisible
from notalone.core.places import country_name
from notalone.core.unitext import isolate

_SERVICE_CODE = re.compile(r"^[*#][0-9]{2,6}$", re.ASCII)
_SHORT = re.compile(r"^[0-9]{2,6}$", re.ASCII)
# A display form the footer can print on one line: digits and tel: visual separators, then
# perhaps an extension as people write it ("ext. 123", "x123").
_FOOTER_DISPLAY = re.compile(
    r"^(?P<number>\+?[0-9\s().-]+?)(?:\s*(?P<ext>(?:ext\.?|x)\s*[0-9]{1,10}))?$",
    re.ASCII | re.IGNORECASE,
)
# What a dial form may be: E.164 (perhaps with RFC 3966's extension), a short number, a
# service code. Nothing else is linked.
_DIAL = re.compile(r"^(\+[1-9][0-9]{3,14}(;ext=[0-9]{1,10})?|[0-9]{2,6}|[*#][0-9]{2,6})$", re.ASCII)
# Dial forms are stored separated by ";" (``Resource.phone_dial``); the ";" of an extension
# parameter is not a separator.
_DIAL_LIST_SEPARATOR = re.compile(r";(?!ext=)")
_SEPARATORS = re.compile(r"[\s().-]")
# Freephone and shared-cost numbers answer only calls from inside their country; a number of
# a type phonenumbers does not know is not promised to work from abroad either.
_NATIONAL_ONLY_TYPES = (
    phonenumbers.PhoneNumberType.TOLL_FREE,
    phonenumbers.PhoneNumberType.SHARED_COST,
    phonenumbers.PhoneNumberType.UNKNOWN,
)


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of any script (Unicode Nd) as its ASCII digit."""
    return "".join(
        str(unicodedata.decimal(char)) if unicodedata.decimal(char, None) is not None else char
        for char in text
    )


def dial_uri(scheme: str, dial: str) -> str:
    """``tel:+18006564673``, ``sms:88788``, ``tel:%238891``: the link for a dial form, or ""
    when ``dial`` is not one (so a template shows the number without a link rather than a
    link no phone can dial). ``scheme`` is ``tel`` or ``sms``."""
    if scheme not in ("tel", "sms") or not _DIAL.match(dial):
        return ""
    if scheme == "sms" and ";" in dial:
        return ""  # a text message cannot be sent to an extension
    # "#" would start a URI fragment: it is percent-encoded; "*", "+" and the extension's
    # ";ext=" (RFC 3966, section 3) are kept.
    return f"{scheme}:{quote(dial, safe='+*;=')}"


def international_tel_uri(dial: str) -> str:
    """The ``tel:`` link of a dial form in international form (E.164, ``tel:+18006564673``);
    "" for a short number or service code (Brazil's ``180``), which dials whatever that code
    means where the caller is. The footer, shown on every page to a reader who may be away
    from the country they chose, links only these."""
    return dial_uri("tel", dial) if dial.startswith("+") else ""


def split_dials(value: str) -> list[str]:
    """``+18006564673;+442079460123;ext=123`` → the two dial forms, extension kept."""
    return [item for item in _DIAL_LIST_SEPARATOR.split(value) if item]


def dial_form(number: phonenumbers.PhoneNumber) -> str:
    """E.164, and the extension as RFC 3966 writes it: ``+442079460123;ext=123``. E.164 alone
    would drop the extension (phonenumbers formats it only in national, international and
    RFC 3966 forms)."""
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    extension = ascii_digits(number.extension or "")
    return f"{e164};ext={extension}" if extension.isascii() and extension.isdigit() else e164


class PhoneError(ValueError):
    """The number does not fit the country's numbering plan; the message says why."""


@dataclass(frozen=True)
class Phone:
    display: str  # as the source printed it
    dial: str  # E.164 for full numbers, the digits for short and service codes

    @property
    def href(self) -> str:
        return dial_uri("tel", self.dial)

    @property
    def sms_href(self) -> str:
        return dial_uri("sms", self.dial)

    @property
    def works_from_abroad(self) -> bool:
        """Whether a caller in another country can dial it: a full number in international
        form of a known type that is not freephone or shared-cost (those, like short codes and
        service codes, are reached only from inside their own country). phonenumbers' own
        ``can_be_internationally_dialled`` says yes to US 1-800 numbers, so the type decides."""
        if not self.dial.startswith("+"):
            return False
        try:
            kind = phonenumbers.number_type(phonenumbers.parse(self.dial.split(";")[0]))
        except phonenumbers.NumberParseException:
            return False
        return kind not in _NATIONAL_ONLY_TYPES

    @property
    def international(self) -> str:
        """The number as a caller in another country dials it (ITU-T E.123 international
        notation, ``+81 3-5607-0799``); a short number or service code as it is."""
        if not self.dial.startswith("+"):
            return self.display
        try:
            number = phonenumbers.parse(self.dial)
        except phonenumbers.NumberParseException:
            return self.display
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    @property
    def footer_form(self) -> str | None:
        """The display form for the footer's one line: its groups joined by dashes, then its
        extension as the source wrote it ("020-7946-0123 ext. 123"); None for a service code
        or a display form with other characters."""
        match = _FOOTER_DISPLAY.match(self.display)
        if match is None:
            return None
        shown = "-".join(match["number"].split())
        return f"{shown} {match['ext']}" if match["ext"] else shown


def _compact(display: str) -> str:
    """The number's characters without separators: NFKC first (full-width ``#8891`` and
    ``(03)`` as typed on a Japanese or Chinese keyboard), every dash (Unicode Pd: the
    non-breaking hyphen, en dash, figure-like dashes word processors put in) as ``-``."""
    text = unicodedata.normalize("NFKC", display)
    text = "".join("-" if unicodedata.category(char) == "Pd" else char for char in text)
    return ascii_digits(_SEPARATORS.sub("", text))


def _named(compact: str) -> str:
    """The characters a number may not hold, each as a reader can find it: a visible one as
    itself, an invisible or combining one (a pasted SOFT HYPHEN, a mark) by its code point and
    Unicode name ("U+00AD SOFT HYPHEN"), which the quoted number cannot show."""
    shown = []
    for char in dict.fromkeys(c for c in compact if not c.isascii()):
        visible = unicodedata.category(char)[0] in "LNPS"
        shown.append(isolate(char) if visible else character_name(char))
    return ", ".join(shown)


def parse_phone(value: str, country: str) -> Phone:
    display = " ".join(without_invisible(value).split())
    compact = _compact(display)
    if not compact:
        raise PhoneError(_("The number is empty."))
    if not compact.isascii():
        raise PhoneError(
            _(
                "“%(value)s” has characters that are not digits (%(characters)s). Write the number with digits, spaces, dashes or brackets only."
            )
            % {"value": isolate(display), "characters": _named(compact)}
        )
    if _SERVICE_CODE.match(compact):
        return Phone(display=display, dial=compact)
    try:
        number = phonenumbers.parse(compact, country)
    except phonenumbers.NumberParseException:
        raise PhoneError(
            _("“%(value)s” is not a phone number.") % {"value": isolate(display)}
        ) from None
    expected_code = phonenumbers.country_code_for_region(country)
    if number.country_code != expected_code:
        raise PhoneError(
            _("“%(value)s” has the calling code +%(found)d, but %(country)s uses +%(expected)d.")
            % {
                "value": isolate(display),
                "found": number.country_code,
                "country": isolate(country_name(country)),
                "expected": expected_code,
            }
        )
    if _SHORT.match(compact) and (
        shortnumberinfo.is_valid_short_number_for_region(number, country)
        or shortnumberinfo.is_possible_short_number_for_region(number, country)
    ):
        return Phone(display=display, dial=compact)
    # IS_POSSIBLE, not IS_POSSIBLE_LOCAL_ONLY: a helpline is listed with its area code.
    possible = phonenumbers.is_possible_number_with_reason(number)
    if phonenumbers.is_valid_number(number) or possible == ValidationResult.IS_POSSIBLE:
        return Phone(display=display, dial=dial_form(number))
    raise PhoneError(
        _("“%(value)s” does not fit the numbering plan of %(country)s (check its length).")
        % {"value": isolate(display), "country": isolate(country_name(country))}
    )


def parse_phone_list(value: str, country: str) -> list[Phone]:
    """Several numbers separated by semicolons, as in ``14490;7827170170``."""
    return [parse_phone(item, country) for item in value.split(";") if item.strip()]


def split_sms(value: str) -> tuple[str, str]:
    """``88788 (text START)`` → (``88788``, ``text START``): the number and how to use it."""
    value = " ".join(value.split())
    if value.endswith(")") and "(" in value:
        start = value.rindex("(")
        number = value[:start].strip()
        if number:
            return number, value[start + 1 : -1].strip()
    return value, ""


def join_sms(number: str, note: str) -> str:
    return f"{number} ({note})" if note else number
