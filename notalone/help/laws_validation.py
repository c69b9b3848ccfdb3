"""Checks of the law files: NDA laws and the ILO's Violence and Harassment Convention (C190).

``clean_nda`` and ``clean_c190`` take one row as text and return the ``Measure`` fields plus
every problem found, keyed by column; ``measure_as_row`` is their inverse (what an export
writes and an import reads back).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from notalone.help.cells import (
    Errors,
    clean_choice,
    clean_country,
    clean_date,
    clean_jurisdiction_code,
    clean_text,
    clean_url,
    clean_year,
)
from notalone.help.models import LawStatus, Measure, SourceKind

NDA_COLUMNS = ("jurisdiction", "code", "law", "year", "summary", "source_url")
NDA_OPTIONAL_COLUMNS = ("source_kind", "status", "ended_on", "verified_on")
C190_COLUMNS = ("country", "iso2", "ratified_on", "in_force_on", "source_url")
C190_OPTIONAL_COLUMNS = ("source_kind", "verified_on")
# Data, not interface text: the convention's official English title.
C190_TITLE = "Violence and Harassment Convention, 2019 (No. 190)"


def clean_nda(
    values: Mapping[str, str], *, verified_on: datetime.date | None
) -> tuple[dict[str, Any], Errors]:
    """One row of the NDA-law file. Its stable id is the jurisdiction code and the law."""
    errors: Errors = {}

    def get(column: str) -> str:
        return str(values.get(column) or "")

    code = clean_jurisdiction_code(errors, "code", get("code"))
    title = clean_text(errors, "law", get("law"), limit=300, required=True)
    fields: dict[str, Any] = {
        "key": f"nda:{code}:{title}",
        "jurisdiction_code": code,
        "jurisdiction_name": clean_text(
            errors, "jurisdiction", get("jurisdiction"), limit=120, required=True
        ),
        "kind": "nda",
        "title": title,
        "year": clean_year(errors, "year", get("year")),
        "dated_on": None,
        "in_force_on": None,
        "summary": clean_text(errors, "summary", get("summary"), limit=2000, required=True),
        "source_url": clean_url(errors, "source_url", get("source_url"), required=True),
    }
    clean_choice(errors, fields, values, "source_kind", SourceKind)
    _law_status(errors, fields, values)
    fields["verified_on"] = _law_verified_on(errors, values, verified_on)
    return fields, errors


def _law_status(errors: Errors, fields: dict[str, Any], values: Mapping[str, str]) -> None:
    """``status`` and ``ended_on``: a law in force has no end date; one that ended may have one.

    Without a status column, ``ended_on`` alone is refused: an end date says nothing about
    whether the law expired or was repealed.
    """
    ended_text = str(values.get("ended_on") or "").strip()
    if "status" not in values:
        if ended_text:
            errors.setdefault("ended_on", []).append(
                _("An end date needs a status column (expired or repealed).")
            )
        return
    clean_choice(errors, fields, values, "status", LawStatus)
    ended_on = clean_date(errors, "ended_on", ended_text, required=False)
    status = fields.get("status")
    if ended_on and status not in (LawStatus.EXPIRED, LawStatus.REPEALED):
        errors.setdefault("ended_on", []).append(
            _(
                "Only a law that ended has an end date: write expired or repealed in status, "
                "or leave ended_on empty."
            )
        )
    year = fields.get("year")
    if ended_on and year and ended_on.year < year:
        errors.setdefault("ended_on", []).append(
            _("%(date)s is before the law's year, %(year)d.")
            % {"date": ended_on.isoformat(), "year": year}
        )
    fields["ended_on"] = ended_on


def clean_c190(
    values: Mapping[str, str], *, verified_on: datetime.date | None
) -> tuple[dict[str, Any], Errors]:
    """One row of the C190 file. Its stable id is the country: it ratifies once."""
    errors: Errors = {}

    def get(column: str) -> str:
        return str(values.get(column) or "")

    code = clean_country(errors, "iso2", get("iso2"))
    ratified_on = clean_date(errors, "ratified_on", get("ratified_on"))
    in_force_on = clean_date(errors, "in_force_on", get("in_force_on"), required=False)
    if ratified_on and in_force_on and in_force_on < ratified_on:
        errors.setdefault("in_force_on", []).append(_("This is before the ratification date."))
    name = clean_text(errors, "country", get("country"), limit=120, required=True)
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
        "source_url": clean_url(errors, "source_url", get("source_url"), required=True),
    }
    clean_choice(errors, fields, values, "source_kind", SourceKind)
    fields["verified_on"] = _law_verified_on(errors, values, verified_on)
    return fields, errors


def _law_verified_on(
    errors: Errors, values: Mapping[str, str], default: datetime.date | None
) -> datetime.date | None:
    if values.get("verified_on"):
        return clean_date(errors, "verified_on", str(values["verified_on"]))
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
            "source_kind": measure.source_kind,
            "verified_on": verified,
        }
    return {
        "jurisdiction": measure.jurisdiction.name,
        "code": measure.jurisdiction.code,
        "law": measure.title,
        "year": str(measure.year),
        "summary": measure.summary,
        "source_url": measure.source_url,
        "source_kind": measure.source_kind,
        "status": measure.status,
        "ended_on": measure.ended_on.isoformat() if measure.ended_on else "",
        "verified_on": verified,
    }
