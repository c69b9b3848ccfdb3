"""Phone and text numbers of the help directory, checked with phonenumbers.

A helpline number is checked against the numbering plan of the resource's country. The
metadata in phonenumbers lags behind new helpline ranges and short codes (Germany's 116 016,
India's 14490 are not in it), so a number is accepted when phonenumbers knows it as valid,
or when its length and form fit the country's plan as a full or short number. It is refused
when it does not parse, has the wrong length, or carries another country's calling code.
Network service codes such as Japan's ``#8891`` or Mexico City's ``*765`` are outside what
phonenumbers describes and are accepted as ``*`` or ``#`` followed by two to six digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import phonenumbers
from django.utils.translation import gettext as _
from phonenumbers import ValidationResult, shortnumberinfo

_SERVICE_CODE = re.compile(r"^[*#]\d{2,6}$")
_SHORT = re.compile(r"^\d{2,6}$")
# Characters a tel: URI allows as visual separators, so a display form can be the link too.
_URI_SAFE_DISPLAY = re.compile(r"^\+?[\d\s().-]+$")


class PhoneError(ValueError):
    """The number does not fit the country's numbering plan; the message says why."""


@dataclass(frozen=True)
class Phone:
    display: str  # as the source printed it
    dial: str  # E.164 for full numbers, the digits for short and service codes

    @property
    def href(self) -> str:
        # "#" would start a URI fragment: it is percent-encoded, "*" and "+" are kept.
        return "tel:" + quote(self.dial, safe="+*")

    @property
    def sms_href(self) -> str:
        return "sms:" + quote(self.dial, safe="+*")

    @property
    def footer_form(self) -> str | None:
        """The display form if it can serve as both link text and tel: target."""
        if not _URI_SAFE_DISPLAY.match(self.display):
            return None
        return "-".join(self.display.split())


def parse_phone(value: str, country: str) -> Phone:
    display = " ".join(value.split())
    compact = re.sub(r"[\s().-]", "", display)
    if not compact:
        raise PhoneError(_("The number is empty."))
    if _SERVICE_CODE.match(compact):
        return Phone(display=display, dial=compact)
    try:
        number = phonenumbers.parse(display, country)
    except phonenumbers.NumberParseException:
        raise PhoneError(_("“%(value)s” is not a phone number.") % {"value": display}) from None
    expected_code = phonenumbers.country_code_for_region(country)
    if number.country_code != expected_code:
        raise PhoneError(
            _("“%(value)s” has the calling code +%(found)d, but %(country)s uses +%(expected)d.")
            % {
                "value": display,
                "found": number.country_code,
                "country": country,
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
        return Phone(
            display=display,
            dial=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        )
    raise PhoneError(
        _("“%(value)s” does not fit the numbering plan of %(country)s (check its length).")
        % {"value": display, "country": country}
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
