"""Every write to the help directory and the laws tracker: keyword-only, typed, atomic.

Imports are all-or-nothing: every row is checked first, and if any row has a problem the
whole file is refused with the list of problems; nothing is written. A row whose id already
exists updates that record, so importing the same file twice changes nothing. A file is the
whole list for its kind: what an earlier import brought in and this file no longer lists is
withdrawn (a resource is retired, a law removed), unless ``keep_missing`` is given. That is
how a deployment that imported corrected reference data gets the corrections.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notalone.help.laws_validation import clean_c190, clean_nda
from notalone.help.models import Jurisdiction, Measure, MeasureKind, Resource
from notalone.help.selectors import LANGUAGES_CACHE_KEY
from notalone.help.validation import clean_resource

# One record to import: the line (CSV) or record number (JSON) it came from, and its values.
Row = tuple[int, Mapping[str, str]]

_MEASURE_FIELDS = ("kind", "title", "year", "dated_on", "in_force_on", "summary", "source_url")
# Set only when the file has the column (validation.py): otherwise a record keeps its value.
_MEASURE_OPTIONAL_FIELDS = ("source_kind", "status", "ended_on")


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
    # Ids of records an earlier import brought in and this file no longer lists.
    withdrawn: tuple[str, ...] = ()

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


def _batches(values: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


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
def resources_import(*, rows: Sequence[Row], keep_missing: bool = False) -> ImportResult:
    """Create or update a resource per row; retire imported resources the file leaves out."""
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
            resource = Resource(**fields, from_import=True)
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
    # A record listed in an imported file is the file's, even if an operator made it first.
    adopted = [resource.pk for resource in existing.values() if not resource.from_import]
    for batch in _batches(adopted):
        Resource.objects.filter(pk__in=batch).update(from_import=True)
    withdrawn: list[str] = []
    if not keep_missing:
        # Compared in Python: a NOT IN list as long as the file would pass the database's
        # limit on parameters (SQLite's 32,766, PostgreSQL's 65,535) for a large directory.
        shown = Resource.objects.filter(from_import=True, retired=False)
        withdrawn = sorted(set(shown.values_list("slug", flat=True)) - set(first_seen))
        for batch in _batches(withdrawn):
            Resource.objects.filter(slug__in=batch).update(retired=True, updated_at=now)
    _forget_cached_lists()
    return ImportResult(
        created=len(new),
        updated=len(changed),
        unchanged=len(cleaned) - len(new) - len(changed),
        withdrawn=tuple(withdrawn),
    )


@transaction.atomic
def measures_import(
    *,
    kind: MeasureKind,
    rows: Sequence[Row],
    verified_on: datetime.date | None = None,
    keep_missing: bool = False,
) -> ImportResult:
    """Import NDA laws or C190 ratifications; ``verified_on`` serves rows that have none.

    Laws are reference data with no other editor, so the file is the whole list of its kind:
    a law the file no longer lists (withdrawn, or its title corrected, which makes a new id)
    is removed, unless ``keep_missing``.
    """
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
        values.update({name: fields[name] for name in _MEASURE_OPTIONAL_FIELDS if name in fields})
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
    withdrawn: list[str] = []
    if not keep_missing:
        keys = set(Measure.objects.filter(kind=kind).values_list("key", flat=True))
        withdrawn = sorted(keys - set(first_seen))
        for batch in _batches(withdrawn):
            Measure.objects.filter(kind=kind, key__in=batch).delete()
    return ImportResult(
        created=created,
        updated=updated,
        unchanged=len(cleaned) - created - updated,
        withdrawn=tuple(withdrawn),
    )
