"""Strict parsers for settings read from the environment.

A bad value stops start-up with a message that names the variable and says what it
expects: an operator who typed ``NOTALONE_DEBUG=ture`` must find out at once, not when
something behaves strangely in production. Every parser also reads ``NAME_FILE`` (a path
whose content is the value), so secrets can come from files rather than the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

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
    try:
        number = int(value)
    except ValueError:
        raise SettingError(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise SettingError(f"{name}={number} is too small: it must be at least {minimum}.")
    if maximum is not None and number > maximum:
        raise SettingError(f"{name}={number} is too large: it must be at most {maximum}.")
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
    scheme, sep, rest = value.partition("://")
    if not sep or scheme not in schemes or not rest:
        raise SettingError(
            f"{name} is not a valid URL: it must start with one of "
            f"{', '.join(s + '://' for s in schemes)}."
        )
    return value
