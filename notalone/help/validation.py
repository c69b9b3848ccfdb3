"""Checks shared by the import files and the operator's forms.

Each ``clean_*`` function takes one record as text (the columns of the import file) and
returns the model's field values plus every problem it found, keyed by column, so a bad
file can be reported in full rather than one mistake at a time.
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

from notalone.core.places import country_codes, language_codes
from notalone.help.models import SLUG_MAX_LENGTH, Kind, Measure, Resource
from notalone.help.phones import PhoneError, join_sms, parse_phone, parse_phone_list, split_sms

RESOURCE_COLUMNS = (
    "id",
    "name",
    "kind",
    "country",
    "region",
    "phone",
    "sms",
    "url",
    "chat_url",
    "hours",
    "languages",
    "topics",
    "description",
    "source_url",
    "verified_on",
)
RESOURCE_OPTIONAL_COLUMNS = ("retired",)
NDA_COLUMNS = ("jurisdiction", "code", "law", "year", "summary", "source_url")
C190_COLUMNS = ("country", "iso2", "ratified_on", "in_force_on", "source_url")
LAW_OPTIONAL_COLUMNS = ("verified_on",)
# Data, not interface text: the convention's official English title.
C190_TITLE = "Violence and Harassment Convention, 2019 (No. 190)"

Errors = dict[str, list[str]]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_url_validator = URLValidator(schemes=["http", "https"])
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0", ""}


_SUBDIVISIONS = frozenset(sub.code for sub in pycountry.subdivisions)


def _text(errors: Errors, column: str, value: str, *, limit: int, required: bool = False) -> str:
    value = " ".join(value.split())
    if required and not value:
        errors.setdefault(column, []).append(_("This is required."))
    elif len(value) > limit:
        errors.setdefault(column, []).append(
            _("Use at most %(limit)d characters (this has %(count)d).")
            % {"limit": limit, "count": len(value)}
        )
    return value


def _url(errors: Errors, column: str, value: str, *, required: bool = False) -> str:
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


def _date(
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


def _country(errors: Errors, column: str, value: str) -> str:
    value = value.strip().upper()
    if value not in country_codes():
        errors.setdefault(column, []).append(
            _("“%(value)s” is not an ISO 3166-1 country code (like US, GB or NA).")
            % {"value": value}
        )
    return value


def clean_resource(values: Mapping[str, str]) -> tuple[dict[str, Any], Errors]:
    """One directory record, as the columns of ``RESOURCE_COLUMNS``, into model fields."""
    errors: Errors = {}

    def get(column: str) -> str:
        return str(values.get(column) or "")

    slug = get("id").strip()
    if not _SLUG.match(slug):
        errors["id"] = [
            _("“%(value)s” is not an id: use lower-case letters, digits and dashes.")
            % {"value": slug}
        ]
    elif len(slug) > SLUG_MAX_LENGTH:
        errors["id"] = [_("The id is too long.")]
    kind = get("kind").strip()
    if kind not in Kind.values:
        errors["kind"] = [
            _("“%(value)s” is not a kind; use one of: %(kinds)s.")
            % {"value": kind, "kinds": ", ".join(Kind.values)}
        ]
    country = _country(errors, "country", get("country"))
    regions = [item.strip().upper() for item in get("region").split(";") if item.strip()]
    for region in regions:
        if region not in _SUBDIVISIONS or not region.startswith(f"{country}-"):
            errors.setdefault("region", []).append(
                _("“%(value)s” is not an ISO 3166-2 region of %(country)s.")
                % {"value": region, "country": country}
            )
    fields: dict[str, Any] = {
        "slug": slug,
        "kind": kind,
        "country": country,
        "regions": ";".join(regions),
        "name": _text(errors, "name", get("name"), limit=200, required=True),
        "description": _text(errors, "description", get("description"), limit=600, required=True),
        "hours": _text(errors, "hours", get("hours"), limit=200),
        "url": _url(errors, "url", get("url")),
        "chat_url": _url(errors, "chat_url", get("chat_url")),
        "source_url": _url(errors, "source_url", get("source_url"), required=True),
        "verified_on": _date(errors, "verified_on", get("verified_on")),
    }
    fields["is_24_7"] = "24/7" in fields["hours"]
    fields.update(_clean_numbers(errors, get("phone"), get("sms"), country))
    for column, known in (("languages", language_codes()), ("topics", None)):
        items = [item.strip().lower() for item in get(column).split(";") if item.strip()]
        for item in items:
            if known is not None and item not in known:
                errors.setdefault(column, []).append(
                    _("“%(value)s” is not an ISO 639-1 language code (like en, es or hi).")
                    % {"value": item}
                )
            elif known is None and not _SLUG.match(item):
                errors.setdefault(column, []).append(
                    _("“%(value)s” is not a topic: use lower-case words joined by dashes.")
                    % {"value": item}
                )
        fields[column] = ";".join(items)
    if not (fields.get("phone") or fields.get("sms") or fields["url"] or fields["chat_url"]):
        errors.setdefault("phone", []).append(
            _("Give at least one way to reach it: a phone, text number, web or chat address.")
        )
    retired = get("retired").strip().lower()
    if retired not in _TRUE | _FALSE:
        errors["retired"] = [_("Write true or false.")]
    elif "retired" in values:
        fields["retired"] = retired in _TRUE
    return fields, errors


def _clean_numbers(errors: Errors, phone: str, sms: str, country: str) -> dict[str, str]:
    fields = {"phone": "", "phone_dial": "", "sms": "", "sms_dial": "", "sms_note": ""}
    if country not in country_codes():
        return fields  # the country's own error says it all
    try:
        phones = parse_phone_list(phone, country)
    except PhoneError as error:
        errors.setdefault("phone", []).append(str(error))
    else:
        fields["phone"] = ";".join(p.display for p in phones)
        fields["phone_dial"] = ";".join(p.dial for p in phones)
    number, note = split_sms(sms)
    if number:
        try:
            parsed = parse_phone(number, country)
        except PhoneError as error:
            errors.setdefault("sms", []).append(str(error))
        else:
            fields.update(sms=parsed.display, sms_dial=parsed.dial, sms_note=note[:200])
    return fields


def resource_as_row(resource: Resource) -> dict[str, str]:
    """The inverse of ``clean_resource``: what an export writes and an import reads back."""
    return {
        "id": resource.slug,
        "name": resource.name,
        "kind": resource.kind,
        "country": resource.country,
        "region": resource.regions,
        "phone": resource.phone,
        "sms": join_sms(resource.sms, resource.sms_note),
        "url": resource.url,
        "chat_url": resource.chat_url,
        "hours": resource.hours,
        "languages": resource.languages,
        "topics": resource.topics,
        "description": resource.description,
        "source_url": resource.source_url,
        "verified_on": resource.verified_on.isoformat(),
        "retired": "true" if resource.retired else "false",
    }


def _jurisdiction_code(errors: Errors, column: str, value: str) -> str:
    value = value.strip().upper()
    if value not in country_codes() and value not in _SUBDIVISIONS:
        errors.setdefault(column, []).append(
            _("“%(value)s” is not an ISO 3166 code for a country (US) or a region (US-CA).")
            % {"value": value}
        )
    return value


def _year(errors: Errors, column: str, value: str) -> int | None:
    try:
        year = int(value.strip())
    except ValueError:
        errors.setdefault(column, []).append(_("“%(value)s” is not a year.") % {"value": value})
        return None
    if not 1900 <= year <= timezone.localdate().year:
        errors.setdefault(column, []).append(
            _("%(year)d is not a plausible year.") % {"year": year}
        )
        return None
    return year


def clean_nda(
    values: Mapping[str, str], *, verified_on: datetime.date | None
) -> tuple[dict[str, Any], Errors]:
    """One row of the NDA-law file. Its stable id is the jurisdiction code and the law."""
    errors: Errors = {}

    def get(column: str) -> str:
        return str(values.get(column) or "")

    code = _jurisdiction_code(errors, "code", get("code"))
    title = _text(errors, "law", get("law"), limit=300, required=True)
    fields: dict[str, Any] = {
        "key": f"nda:{code}:{title}",
        "jurisdiction_code": code,
        "jurisdiction_name": _text(
            errors, "jurisdiction", get("jurisdiction"), limit=120, required=True
        ),
        "kind": "nda",
        "title": title,
        "year": _year(errors, "year", get("year")),
        "dated_on": None,
        "in_force_on": None,
        "summary": _text(errors, "summary", get("summary"), limit=2000, required=True),
        "source_url": _url(errors, "source_url", get("source_url"), required=True),
    }
    fields["verified_on"] = _law_verified_on(errors, values, verified_on)
    return fields, errors


def clean_c190(
    values: Mapping[str, str], *, verified_on: datetime.date | None
) -> tuple[dict[str, Any], Errors]:
    """One row of the C190 file. Its stable id is the country: it ratifies once."""
    errors: Errors = {}

    def get(column: str) -> str:
        return str(values.get(column) or "")

    code = _country(errors, "iso2", get("iso2"))
    ratified_on = _date(errors, "ratified_on", get("ratified_on"))
    in_force_on = _date(errors, "in_force_on", get("in_force_on"), required=False)
    if ratified_on and in_force_on and in_force_on < ratified_on:
        errors.setdefault("in_force_on", []).append(_("This is before the ratification date."))
    name = _text(errors, "country", get("country"), limit=120, required=True)
    fields: dict[str, Any] = {
        "key": f"c190:{code}",
        "jurisdiction_code": code,
        "jurisdiction_name": name,
        "kind": "c190",
        "title": C190_TITLE,
        "year": ratified_on.year if ratified_on else None,
        "dated_on": ratified_on,
        "in_force_on": in_force_on,
        "summary": "",
        "source_url": _url(errors, "source_url", get("source_url"), required=True),
    }
    fields["verified_on"] = _law_verified_on(errors, values, verified_on)
    return fields, errors


def _law_verified_on(
    errors: Errors, values: Mapping[str, str], default: datetime.date | None
) -> datetime.date | None:
    if values.get("verified_on"):
        return _date(errors, "verified_on", str(values["verified_on"]))
    if default is None:
        errors.setdefault("verified_on", []).append(
            _("No verification date: add a verified_on column, or give --verified-on.")
        )
    return default


def measure_as_row(measure: Measure) -> dict[str, str]:
    verified = measure.verified_on.isoformat()
    if measure.kind == "c190":
        return {
            "country": measure.jurisdiction.name,
            "iso2": measure.jurisdiction.code,
            "ratified_on": measure.dated_on.isoformat() if measure.dated_on else "",
            "in_force_on": measure.in_force_on.isoformat() if measure.in_force_on else "",
            "source_url": measure.source_url,
            "verified_on": verified,
        }
    return {
        "jurisdiction": measure.jurisdiction.name,
        "code": measure.jurisdiction.code,
        "law": measure.title,
        "year": str(measure.year),
        "summary": measure.summary,
        "source_url": measure.source_url,
        "verified_on": verified,
    }
