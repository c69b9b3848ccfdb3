"""Import and export files: CSV (UTF-8, header on line 1) and JSON (a list of objects).

Reading is strict: a missing or unknown column, a row with too many or too few fields, or a
file that is not UTF-8 is a problem reported with its line, like any bad value. Columns are
read as text with the csv module, so Namibia's code "NA" stays a country. A CSV export puts a
quote in front of any cell a spreadsheet would run as a formula, and an import takes exactly
that quote off again (notalone/core/csvcells.py).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from notalone.core.csvcells import restore_cell, write_csv
from notalone.help import selectors, services
from notalone.help.laws_validation import (
    C190_COLUMNS,
    C190_OPTIONAL_COLUMNS,
    NDA_COLUMNS,
    NDA_OPTIONAL_COLUMNS,
    measure_as_row,
)
from notalone.help.models import MeasureKind
from notalone.help.services import ImportRejected, ImportResult, Problem, Row
from notalone.help.validation import (
    RESOURCE_COLUMNS,
    RESOURCE_OPTIONAL_COLUMNS,
    resource_as_row,
)


@dataclass(frozen=True)
class FileKind:
    name: str
    columns: tuple[str, ...]
    optional: tuple[str, ...]
    load: Callable[[Sequence[Row], datetime.date | None, bool], ImportResult]
    dump: Callable[[], Iterable[dict[str, str]]]


KINDS = {
    "resources": FileKind(
        name="resources",
        columns=RESOURCE_COLUMNS,
        optional=RESOURCE_OPTIONAL_COLUMNS,
        load=lambda rows, verified_on, keep: services.resources_import(
            rows=rows, keep_missing=keep
        ),
        dump=lambda: (resource_as_row(r) for r in selectors.resources_for_export()),
    ),
    "nda-laws": FileKind(
        name="nda-laws",
        columns=NDA_COLUMNS,
        optional=NDA_OPTIONAL_COLUMNS,
        load=lambda rows, verified_on, keep: services.measures_import(
            kind=MeasureKind.NDA, rows=rows, verified_on=verified_on, keep_missing=keep
        ),
        dump=lambda: (measure_as_row(m) for m in selectors.measures_for_export(MeasureKind.NDA)),
    ),
    "c190": FileKind(
        name="c190",
        columns=C190_COLUMNS,
        optional=C190_OPTIONAL_COLUMNS,
        load=lambda rows, verified_on, keep: services.measures_import(
            kind=MeasureKind.C190, rows=rows, verified_on=verified_on, keep_missing=keep
        ),
        dump=lambda: (measure_as_row(m) for m in selectors.measures_for_export(MeasureKind.C190)),
    ),
}


def _check_columns(kind: FileKind, found: Sequence[str], line: int) -> list[Problem]:
    problems = [
        Problem(line=line, column=column, message=_("This column is missing."))
        for column in kind.columns
        if column not in found
    ]
    known = set(kind.columns) | set(kind.optional)
    problems += [
        Problem(
            line=line,
            column=column,
            message=_("This column is not one NotAlone knows; expected: %(columns)s.")
            % {"columns": ", ".join(kind.columns + kind.optional)},
        )
        for column in found
        if column not in known
    ]
    seen: set[str] = set()
    for column in found:
        if column in seen:
            problems.append(
                Problem(line=line, column=column, message=_("This column is repeated."))
            )
        seen.add(column)
    return problems


def read_csv(kind: FileKind, text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise ImportRejected(
            [Problem(line=1, column="", message=_("The file is empty."))]
        ) from None
    except csv.Error as error:
        raise ImportRejected([Problem(line=1, column="", message=str(error))]) from None
    problems = _check_columns(kind, header, 1)
    rows: list[Row] = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(field.strip() for field in record):
                continue
            if len(record) != len(header):
                problems.append(
                    Problem(
                        line=line,
                        column="",
                        message=_("This line has %(found)d fields; the header has %(expected)d.")
                        % {"found": len(record), "expected": len(header)},
                    )
                )
                continue
            cells = [restore_cell(field) for field in record]
            rows.append((line, dict(zip(header, cells, strict=True))))
    except csv.Error as error:
        problems.append(Problem(line=reader.line_num, column="", message=str(error)))
    if problems:
        raise ImportRejected(problems)
    return rows


def read_json(kind: FileKind, text: str) -> list[Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRejected(
            [Problem(line=error.lineno, column="", message=_("This is not valid JSON."))]
        ) from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportRejected(
            [Problem(line=0, column="", message=_("The file must be a JSON list of objects."))]
        )
    problems: list[Problem] = []
    rows: list[Row] = []
    for number, item in enumerate(data, start=1):
        problems += _check_columns(kind, list(item), number)
        rows.append((number, {key: _json_text(value) for key, value in item.items()}))
    if problems:
        raise ImportRejected(problems)
    return rows


def _refuse_nul(rows: Sequence[Row]) -> None:
    """A NUL character (written in the file, or as \\u0000 in JSON) is no text a record can
    hold, and PostgreSQL refuses it: the file is refused, naming each cell that has one."""
    problems = [
        Problem(line=line, column=column, message=_("This contains a NUL character."))
        for line, values in rows
        for column, value in values.items()
        if "\x00" in value
    ]
    if problems:
        raise ImportRejected(problems)


def _json_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def import_file(
    kind_name: str,
    path: Path,
    *,
    verified_on: datetime.date | None,
    keep_missing: bool = False,
) -> ImportResult:
    """Check and import one file (all or nothing); raises ImportRejected listing every problem.

    Records an earlier import brought in and this file leaves out are withdrawn unless
    ``keep_missing`` (services.py).
    """
    kind = KINDS[kind_name]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            [Problem(line=0, column="", message=_("The file is not UTF-8 text (%s).") % error)]
        ) from None
    rows = read_json(kind, text) if path.suffix.lower() == ".json" else read_csv(kind, text)
    _refuse_nul(rows)
    dated = "verified_on" in kind.columns or any(values.get("verified_on") for _, values in rows)
    if verified_on is None and not dated:
        # Said once for the file rather than once per row.
        raise ImportRejected(
            [
                Problem(
                    line=1,
                    column="verified_on",
                    message=_(
                        "The file has no verification dates: add a verified_on column, or give "
                        "--verified-on with the day its rows were checked against their sources."
                    ),
                )
            ]
        )
    return kind.load(rows, verified_on, keep_missing)


def export_text(kind_name: str, fmt: str) -> str:
    kind = KINDS[kind_name]
    columns = [*kind.columns, *kind.optional]
    records = list(kind.dump())
    if fmt == "json":
        for record in records:
            if "retired" in record:
                record["retired"] = record["retired"] == "true"  # type: ignore[assignment]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO(newline="")
    write_csv(out, columns, records)
    return out.getvalue()


def describe(problem: Problem, *, json_file: bool = False) -> str:
    where = (_("record %(n)d") if json_file and problem.line else _("line %(n)d")) % {
        "n": problem.line
    }
    if problem.line == 0:
        where = _("file")
    return (
        f"{where}, {problem.column}: {problem.message}"
        if problem.column
        else (f"{where}: {problem.message}")
    )
