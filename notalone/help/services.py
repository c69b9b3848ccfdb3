"""Every write to the help directory and the laws tracker: keyword-only, typed, atomic.

Imports are all-or-nothing: every row is checked first, and if any row has a problem the
whole file is refused with the list of problems; nothing is written. A row whose id already
exists updates that record, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notalone.help.models import Jurisdiction, Measure, MeasureKind, Resource
from notalone.help.selectors import LANGUAGES_CACHE_KEY
from notalone.help.validation import clean_c190, clean_nda, clean_resource

# One record to import: the line (CSV) or record number (JSON) it came from, and its values.
Row = tuple[int, Mapping[str, str]]

_MEASURE_FIELDS = ("kind", "title", "year", "dated_on", "in_force_on", "summary", "source_url")


@dataclass(frozen=True)
class Problem:
    line: int  # 1 is the header of a CSV file; 0 is the file as a whole
    column: str
    message: str


class ImportRejected(Exception):
    """The file has problems; nothing was imported."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = list(problems)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _problems_of(line: int, errors: Mapping[str, list[str]]) -> list[Problem]:
    return [
        Problem(line=line, column=column, message=message)
        for column, messages in errors.items()
        for message in messages
    ]


def _duplicate(line: int, column: str, key: str, first_line: int) -> Problem:
    return Problem(
        line=line,
        column=column,
        message=_("“%(key)s” is already on line %(first)d; each id may appear once.")
        % {"key": key, "first": first_line},
    )


def _forget_cached_lists() -> None:
    # After commit, so that a page read while the write is open cannot cache the old list.
    transaction.on_commit(lambda: cache.delete(LANGUAGES_CACHE_KEY))


def _validated(fields: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(fields)
    values.pop("slug", None)
    return values


@transaction.atomic
def resource_create(*, values: Mapping[str, str]) -> Resource:
    fields, errors = clean_resource(values)
    if Resource.objects.filter(slug=fields["slug"]).exists():
        errors.setdefault("id", []).append(_("Another resource already has this id."))
    if errors:
        raise ValidationError(errors)
    resource = Resource(**fields)
    resource.full_clean()
    resource.save()
    _forget_cached_lists()
    return resource


@transaction.atomic
def resource_update(*, resource: Resource, values: Mapping[str, str]) -> Resource:
    """Update from the operator's form. The id is kept: it is what imports match on."""
    fields, errors = clean_resource({**values, "id": resource.slug})
    if errors:
        raise ValidationError(errors)
    changed = [
        name for name, value in _validated(fields).items() if getattr(resource, name) != value
    ]
    for name in changed:
        setattr(resource, name, fields[name])
    if changed:
        resource.full_clean()
        resource.save(update_fields=(*changed, "updated_at"))
        _forget_cached_lists()
    return resource


@transaction.atomic
def resource_set_retired(*, resource: Resource, retired: bool) -> Resource:
    """Retire a line that closed or changed (kept for the record, hidden from readers)."""
    if resource.retired != retired:
        resource.retired = retired
        resource.save(update_fields=("retired", "updated_at"))
        _forget_cached_lists()
    return resource


@transaction.atomic
def resources_import(*, rows: Sequence[Row]) -> ImportResult:
    problems: list[Problem] = []
    cleaned: list[dict[str, Any]] = []
    first_seen: dict[str, int] = {}
    for line, values in rows:
        fields, errors = clean_resource(values)
        problems.extend(_problems_of(line, errors))
        slug = fields["slug"]
        if slug in first_seen:
            problems.append(_duplicate(line, "id", slug, first_seen[slug]))
        elif slug:
            first_seen[slug] = line
        cleaned.append(fields)
    if problems:
        raise ImportRejected(problems)

    existing = Resource.objects.in_bulk(list(first_seen), field_name="slug")
    now = timezone.now()
    new: list[Resource] = []
    changed: list[Resource] = []
    changed_fields: set[str] = set()
    for fields in cleaned:
        resource = existing.get(fields["slug"])
        if resource is None:
            resource = Resource(**fields)
            resource.full_clean(validate_unique=False)
            new.append(resource)
            continue
        differences = {
            name: value
            for name, value in _validated(fields).items()
            if getattr(resource, name) != value
        }
        if differences:
            for name, value in differences.items():
                setattr(resource, name, value)
            resource.updated_at = now
            changed.append(resource)
            changed_fields.update(differences)
    Resource.objects.bulk_create(new, batch_size=500)
    if changed:
        Resource.objects.bulk_update(changed, [*changed_fields, "updated_at"], batch_size=500)
    _forget_cached_lists()
    return ImportResult(
        created=len(new), updated=len(changed), unchanged=len(cleaned) - len(new) - len(changed)
    )


@transaction.atomic
def measures_import(
    *, kind: MeasureKind, rows: Sequence[Row], verified_on: datetime.date | None = None
) -> ImportResult:
    """Import NDA laws or C190 ratifications; ``verified_on`` serves rows that have none."""
    clean = clean_nda if kind == MeasureKind.NDA else clean_c190
    id_column = "law" if kind == MeasureKind.NDA else "iso2"
    problems: list[Problem] = []
    cleaned: list[dict[str, Any]] = []
    first_seen: dict[str, int] = {}
    for line, values in rows:
        fields, errors = clean(values, verified_on=verified_on)
        problems.extend(_problems_of(line, errors))
        if fields["key"] in first_seen:
            problems.append(_duplicate(line, id_column, fields["key"], first_seen[fields["key"]]))
        else:
            first_seen[fields["key"]] = line
        cleaned.append(fields)
    if problems:
        raise ImportRejected(problems)

    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    for fields in cleaned:
        code, name = fields["jurisdiction_code"], fields["jurisdiction_name"]
        jurisdiction = jurisdictions.get(code)
        if jurisdiction is None:
            jurisdiction = Jurisdiction(code=code, name=name)
            jurisdiction.full_clean()
            jurisdiction.save()
            jurisdictions[code] = jurisdiction
        elif jurisdiction.name != name and kind == MeasureKind.C190:
            # The C190 file names countries as the ILO does; other files keep their names.
            jurisdiction.name = name
            jurisdiction.save(update_fields=("name",))

    existing = Measure.objects.in_bulk(list(first_seen), field_name="key")
    created = updated = 0
    for fields in cleaned:
        values = {name: fields[name] for name in (*_MEASURE_FIELDS, "verified_on")}
        measure = existing.get(fields["key"])
        jurisdiction = jurisdictions[fields["jurisdiction_code"]]
        if measure is None:
            measure = Measure(key=fields["key"], jurisdiction=jurisdiction, **values)
            measure.full_clean(validate_unique=False)
            measure.save()
            created += 1
            continue
        differences = [name for name, value in values.items() if getattr(measure, name) != value]
        if measure.jurisdiction_id != jurisdiction.pk:
            measure.jurisdiction = jurisdiction
            differences.append("jurisdiction")
        if differences:
            for name in differences:
                if name != "jurisdiction":
                    setattr(measure, name, values[name])
            measure.save(update_fields=differences)
            updated += 1
    return ImportResult(
        created=created, updated=updated, unchanged=len(cleaned) - created - updated
    )
