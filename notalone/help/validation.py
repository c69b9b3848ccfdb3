"""Checks of the help directory's records, shared by the import files and the operator's forms.

``clean_resource`` takes one record as text (the columns of the import file) and returns the
model's field values plus every problem it found, keyed by column, so a bad file can be
reported in full rather than one mistake at a time. The law files are checked in laws.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from notalone.core.places import country_codes, language_codes
from notalone.help.cells import (
    FALSE_WORDS,
    SLUG,
    SUBDIVISIONS,
    TRUE_WORDS,
    Errors,
    clean_choice,
    clean_country,
    clean_date,
    clean_slug_list,
    clean_text,
    clean_url,
)
from notalone.help.models import SLUG_MAX_LENGTH, Kind, Resource, SourceKind
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
# Optional columns: when a file has no such column, an existing record keeps its value and a
# new one gets the empty value ("not marked", "not recorded"); when it has one, every row must
# give a valid value. Files written before 2026-11-30 have none of the new columns.
# The name and description in each language the site is translated into, where the source
# gives them (optional columns: name_es, description_es, name_fr, …).
TRANSLATED_RESOURCE_FIELDS = {"name": 200, "description": 600}
TRANSLATION_LANGUAGES = tuple(
    code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
)
RESOURCE_TRANSLATION_COLUMNS = tuple(
    f"{field}_{code}" for code in TRANSLATION_LANGUAGES for field in TRANSLATED_RESOURCE_FIELDS
)
RESOURCE_OPTIONAL_COLUMNS = ("source_kind", "serves", "retired", *RESOURCE_TRANSLATION_COLUMNS)


def clean_resource(values: Mapping[str, str]) -> tuple[dict[str, Any], Errors]:
    """One directory record, as the columns of ``RESOURCE_COLUMNS``, into model fields."""
    errors: Errors = {}

    def get(column: str) -> str:
        return str(values.get(column) or "")

    slug = get("id").strip()
    if not SLUG.match(slug):
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
    country = clean_country(errors, "country", get("country"))
    regions = [item.strip().upper() for item in get("region").split(";") if item.strip()]
    for region in regions:
        if region not in SUBDIVISIONS or not region.startswith(f"{country}-"):
            errors.setdefault("region", []).append(
                _("“%(value)s” is not an ISO 3166-2 region of %(country)s.")
                % {"value": region, "country": country}
            )
    fields: dict[str, Any] = {
        "slug": slug,
        "kind": kind,
        "country": country,
        "regions": ";".join(regions),
        "name": clean_text(errors, "name", get("name"), limit=200, required=True),
        "description": clean_text(
            errors, "description", get("description"), limit=600, required=True
        ),
        "hours": clean_text(errors, "hours", get("hours"), limit=200),
        "url": clean_url(errors, "url", get("url")),
        "chat_url": clean_url(errors, "chat_url", get("chat_url")),
        "source_url": clean_url(errors, "source_url", get("source_url"), required=True),
        "verified_on": clean_date(errors, "verified_on", get("verified_on")),
    }
    fields["is_24_7"] = "24/7" in fields["hours"]
    fields.update(_clean_numbers(errors, get("phone"), get("sms"), country))
    languages = [item.strip().lower() for item in get("languages").split(";") if item.strip()]
    for item in languages:
        if item not in language_codes():
            errors.setdefault("languages", []).append(
                _("“%(value)s” is not an ISO 639-1 language code (like en, es or hi).")
                % {"value": item}
            )
    fields["languages"] = ";".join(languages)
    fields["topics"] = clean_slug_list(errors, "topics", get("topics"), _("a topic"))
    if "serves" in values:
        fields["serves"] = clean_slug_list(errors, "serves", get("serves"), _("a group"))
    clean_choice(errors, fields, values, "source_kind", SourceKind)
    if not (fields.get("phone") or fields.get("sms") or fields["url"] or fields["chat_url"]):
        errors.setdefault("phone", []).append(
            _("Give at least one way to reach it: a phone, text number, web or chat address.")
        )
    if any(column in values for column in RESOURCE_TRANSLATION_COLUMNS):
        fields["translations"] = _translations(errors, get)
    retired = get("retired").strip().lower()
    if retired not in TRUE_WORDS | FALSE_WORDS:
        errors["retired"] = [_("Write true or false.")]
    elif "retired" in values:
        fields["retired"] = retired in TRUE_WORDS
    return fields, errors


def _translations(errors: Errors, get: Callable[[str], str]) -> dict[str, dict[str, str]]:
    translations: dict[str, dict[str, str]] = {}
    for code in TRANSLATION_LANGUAGES:
        entry = {}
        for field, limit in TRANSLATED_RESOURCE_FIELDS.items():
            column = f"{field}_{code}"
            text = clean_text(errors, column, get(column), limit=limit)
            if text:
                entry[field] = text
        if entry:
            translations[code] = entry
    return translations


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
        "source_kind": resource.source_kind,
        "serves": resource.serves,
        "verified_on": resource.verified_on.isoformat(),
        "retired": "true" if resource.retired else "false",
        **{
            f"{field}_{code}": str((resource.translations or {}).get(code, {}).get(field, ""))
            for code in TRANSLATION_LANGUAGES
            for field in TRANSLATED_RESOURCE_FIELDS
        },
    }
