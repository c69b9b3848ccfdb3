"""Checks of one cell of an import file (or one field of the operator's forms).

Each ``clean_*`` function takes the cell's text, returns the value to store, and appends what
is wrong to ``errors[column]`` (a list of sentences for the operator), so that a whole file
is reported at once rather than one mistake at a time.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from notalone.core.ids import parse_positive_int
from notalone.core.places import country_codes

Errors = dict[str, list[str]]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_url_validator = URLValidator(schemes=["http", "https"])
TRUE_WORDS = {"true", "yes", "1"}
FALSE_WORDS = {"false", "no", "0", ""}
SUBDIVISIONS = frozenset(sub.code for sub in pycountry.subdivisions)


def clean_text(
    errors: Errors, column: str, value: str, *, limit: int, required: bool = False
) -> str:
    value = " ".join(value.split())
    if required and not value:
        errors.setdefault(column, []).append(_("This is required."))
    elif len(value) > limit:
        errors.setdefault(column, []).append(
            _("Use at most %(limit)d characters (this has %(count)d).")
            % {"limit": limit, "count": len(value)}
        )
    return value


def clean_url(errors: Errors, column: str, value: str, *, required: bool = False) -> str:
    value = value.strip()
    if not value:
        if required:
            errors.setdefault(column, []).append(_("This is required."))
        return ""
    try:
        _url_validator(value)
    except ValidationError:
        errors.setdefault(column, []).append(
            _("“%(value)s” is not a web address starting with http:// or https://.")
            % {"value": value}
        )
    return value


def clean_date(
    errors: Errors, column: str, value: str, *, required: bool = True
) -> datetime.date | None:
    value = value.strip()
    if not value:
        if required:
            errors.setdefault(column, []).append(_("This is required (YYYY-MM-DD)."))
        return None
    try:
        parsed = datetime.date.fromisoformat(value)
    except ValueError:
        errors.setdefault(column, []).append(
            _("“%(value)s” is not a date written YYYY-MM-DD.") % {"value": value}
        )
        return None
    if parsed > timezone.localdate():
        errors.setdefault(column, []).append(_("%(value)s is in the future.") % {"value": value})
    return parsed


def clean_country(errors: Errors, column: str, value: str) -> str:
    value = value.strip().upper()
    if value not in country_codes():
        errors.setdefault(column, []).append(
            _("“%(value)s” is not an ISO 3166-1 country code (like US, GB or NA).")
            % {"value": value}
        )
    return value


def clean_choice(
    errors: Errors, fields: dict[str, Any], values: Mapping[str, str], column: str, choices: Any
) -> None:
    """A value from ``choices``, or empty for "not recorded" (what an export writes for records
    imported before the column existed). Without the column, nothing is set."""
    if column not in values:
        return
    value = str(values.get(column) or "").strip()
    if value and value not in choices.values:
        errors.setdefault(column, []).append(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": value, "allowed": ", ".join(choices.values)}
        )
    fields[column] = value


def clean_slug_list(errors: Errors, column: str, value: str, what: str) -> str:
    items = [item.strip().lower() for item in value.split(";") if item.strip()]
    for item in items:
        if not SLUG.match(item):
            errors.setdefault(column, []).append(
                _("“%(value)s” is not %(what)s: use lower-case words joined by dashes.")
                % {"value": item, "what": what}
            )
    return ";".join(items)


def clean_jurisdiction_code(errors: Errors, column: str, value: str) -> str:
    value = value.strip().upper()
    if value not in country_codes() and value not in SUBDIVISIONS:
        errors.setdefault(column, []).append(
            _("“%(value)s” is not an ISO 3166 code for a country (US) or a region (US-CA).")
            % {"value": value}
        )
    return value


def clean_year(errors: Errors, column: str, value: str) -> int | None:
    # ASCII digits only: int() would also read Arabic-Indic or fullwidth digits, or "1_990".
    year = parse_positive_int(value.strip())
    if year is None:
        errors.setdefault(column, []).append(_("“%(value)s” is not a year.") % {"value": value})
        return None
    if not 1900 <= year <= timezone.localdate().year:
        errors.setdefault(column, []).append(
            _("%(year)d is not a plausible year.") % {"year": year}
        )
        return None
    return year
