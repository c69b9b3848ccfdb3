"""Strict parsers for settings read from the environment.

A bad value stops start-up with a message that names the variable and says what it
expects: an operator who typed ``NOTALONE_DEBUG=ture`` must find out at once, not when
something behaves strangely in production. Every parser also reads ``NAME_FILE`` (a path
whose content is the value), so secrets can come from files rather than the environment.
"""

from __future__ import annotations

import ipaddress
import os
import re
import unicodedata
from collections.abc import Mapping

from notalone.core.invisible import without_invisible

# ASCII digits only: int() and float() also read "8_000", "+5" and the digits of other scripts.
_WHOLE = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class SettingError(Exception):
    """A setting has a value NotAlone cannot use."""


def _raw(name: str, environ: Mapping[str, str]) -> str | None:
    file_name = f"{name}_FILE"
    if environ.get(file_name):
        if environ.get(name):
            raise SettingError(f"{name} and {file_name} are both set: set only one of them.")
        path = environ[file_name]
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as error:
            raise SettingError(
                f"{file_name} points to {path!r}, which cannot be read ({error.strerror})."
            ) from error
    value = environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def envstr(
    name: str, default: str | None = None, *, environ: Mapping[str, str] = os.environ
) -> str | None:
    value = _raw(name, environ)
    return default if value is None else value


def envbool(name: str, default: bool, *, environ: Mapping[str, str] = os.environ) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise SettingError(f"{name}={value!r} is not a yes/no value: use one of true, false, 1, 0.")


def envint(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] = os.environ,
) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    if not _WHOLE.fullmatch(value):
        raise SettingError(f"{name}={value!r} is not a whole number.")
    number = int(value)
    if minimum is not None and number < minimum:
        raise SettingError(f"{name}={number} is too small: it must be at least {minimum}.")
    if maximum is not None and number > maximum:
        raise SettingError(f"{name}={number} is too large: it must be at most {maximum}.")
    return number


def envfloat(
    name: str,
    default: float,
    *,
    minimum: float,
    maximum: float,
    environ: Mapping[str, str] = os.environ,
) -> float:
    """A finite decimal number within [minimum, maximum] (like ``0.5``)."""
    value = _raw(name, environ)
    if value is None:
        return default
    if not _DECIMAL.fullmatch(value):
        raise SettingError(f"{name}={value!r} is not a number (write it like 0.5).")
    number = float(value)
    if not minimum <= number <= maximum:  # NaN fails this too
        raise SettingError(f"{name}={value!r} must be between {minimum} and {maximum}.")
    return number


def envchoice(
    name: str, default: str, choices: tuple[str, ...], *, environ: Mapping[str, str] = os.environ
) -> str:
    value = _raw(name, environ)
    if value is None:
        return default
    if value not in choices:
        raise SettingError(f"{name}={value!r} is not one of: {', '.join(choices)}.")
    return value


def envlist(name: str, default: list[str], *, environ: Mapping[str, str] = os.environ) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise SettingError(
            f"{name}={value!r} has an empty item: separate values with single commas."
        )
    return items


def envurl(
    name: str,
    default: str | None,
    *,
    schemes: tuple[str, ...],
    environ: Mapping[str, str] = os.environ,
) -> str | None:
    value = _raw(name, environ)
    if value is None:
        return default
    if not _has_scheme(value, schemes):
        raise SettingError(f"{name} is not a valid URL: it must start with {_starts(schemes)}.")
    return value


def envurls(
    name: str,
    *,
    schemes: tuple[str, ...],
    why: str = "",
    environ: Mapping[str, str] = os.environ,
) -> list[str]:
    """Comma-separated URLs (``https://a.example, https://b.example``), in their order; an
    empty list when unset. ``why`` ends the message for an entry that does not start with one
    of ``schemes`` (the entry is counted, not quoted: it may hold a password)."""
    urls = envlist(name, [], environ=environ)
    for number, url in enumerate(urls, start=1):
        if not _has_scheme(url, schemes):
            raise SettingError(
                f"{name} entry {number} is not a valid URL: it must start with "
                f"{_starts(schemes)}{why}."
            )
    return urls


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def envnetworks(
    name: str, default: list[str], *, environ: Mapping[str, str] = os.environ
) -> tuple[IPNetwork, ...]:
    """Comma-separated IP addresses or networks (``127.0.0.1, 10.0.0.0/8, ::1``), each one a
    network (an address alone is its /32 or /128); host bits set are refused (``10.0.0.1/8``)."""
    networks = []
    for item in envlist(name, default, environ=environ):
        try:
            networks.append(ipaddress.ip_network(item))
        except ValueError:
            raise SettingError(
                f"{name} has {item!r}, which is not an IP address or network "
                "(like 127.0.0.1 or 10.0.0.0/8)."
            ) from None
    return tuple(networks)


def _has_scheme(value: str, schemes: tuple[str, ...]) -> bool:
    scheme, sep, rest = value.partition("://")
    return bool(sep) and scheme in schemes and bool(rest)


def _starts(schemes: tuple[str, ...]) -> str:
    return "one of " + ", ".join(scheme + "://" for scheme in schemes)


def envphone(name: str, *, environ: Mapping[str, str] = os.environ) -> tuple[str, str] | None:
    """A phone number written in international form (``+1 800 656 4673``).

    Returns ``(shown, dial)``: the number as the ITU-T E.123 international format prints it,
    and its E.164 form for a ``tel:`` link (RFC 3966), with an extension as RFC 3966's
    ``;ext=`` parameter (``+442079460123;ext=123``). A number without its ``+`` and country
    code would be dialled in the reader's own country, where it may reach someone else, so
    it is refused, as is anything libphonenumber does not know as a valid number.
    """
    import phonenumbers  # only when the setting is used: settings load before apps

    value = _raw(name, environ)
    if value is None:
        return None
    # Bidirectional marks copied with the number from a right-to-left page are not part of it.
    value = without_invisible(value).strip()
    if not value.startswith("+"):
        raise SettingError(
            f"{name}={value!r} must be written in international form, starting with + and "
            "the country code (for example +1 800 656 4673)."
        )
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise SettingError(f"{name}={value!r} is not a valid phone number.")
    dial = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if number.extension:  # E.164 has no extension: RFC 3966's parameter carries it
        dial += ";ext=" + "".join(str(unicodedata.decimal(char)) for char in number.extension)
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        dial,
    )
