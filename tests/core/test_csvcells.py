"""CSV cells a spreadsheet shows as text (OWASP's CSV-injection rule), and exact round trips."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notalone.core.csvcells import FORMULA_STARTS, neutralise_cell, restore_cell, write_csv

ROOT = Path(__file__).resolve().parents[2]
# Text that starts with what matters here more often than chance would.
cells = st.one_of(
    st.text(),
    st.builds(
        lambda head, tail: head + tail,
        st.text(alphabet=[*FORMULA_STARTS, "'", " ", "a"], max_size=3),
        st.text(),
    ),
)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("https://example.org","Call")', '\'=HYPERLINK("https://example.org","Call")'),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("+1 800 656 4673", "'+1 800 656 4673"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("'=1", "''=1"),
        ("''", "'''"),
        ("'s-Hertogenbosch", "'s-Hertogenbosch"),
        ("'", "'"),
        ("", ""),
        ("A line open 24/7", "A line open 24/7"),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_quote(value: str, written: str) -> None:
    assert neutralise_cell(value) == written
    assert restore_cell(written) == value


@given(cells)
def test_no_written_cell_starts_like_a_formula(value: str) -> None:
    assert neutralise_cell(value)[:1] not in FORMULA_STARTS


@given(cells)
def test_reading_takes_off_exactly_the_quote_writing_put_on(value: str) -> None:
    assert restore_cell(neutralise_cell(value)) == value


@given(st.lists(st.tuples(cells, cells), max_size=5))
def test_a_whole_file_reads_back_as_it_was_written(rows: list[tuple[str, str]]) -> None:
    records = [{"name": name, "description": description} for name, description in rows]
    out = io.StringIO(newline="")
    write_csv(out, ["name", "description"], records)
    reader = csv.reader(io.StringIO(out.getvalue(), newline=""))
    assert next(reader) == ["name", "description"]
    read = [
        dict(zip(["name", "description"], map(restore_cell, row), strict=True)) for row in reader
    ]
    assert read == records


def _csv_writers(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in ("writer", "DictWriter")
        and isinstance(node.value, ast.Name)
        and node.value.id == "csv"
    ]


def test_every_csv_the_project_writes_goes_through_write_csv() -> None:
    helper = ROOT / "notalone" / "core" / "csvcells.py"
    sources = [*(ROOT / "notalone").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    writers = {
        str(path.relative_to(ROOT)): lines
        for path in sources
        if path != helper and (lines := _csv_writers(path))
    }
    assert writers == {}
    assert _csv_writers(helper)  # the scan does find a writer


def test_every_cell_is_quoted_so_a_semicolon_splitting_spreadsheet_sees_no_formula() -> None:
    import io

    from notalone.core.csvcells import write_csv

    out = io.StringIO()
    write_csv(out, ["name"], [{"name": "x;=1+1"}])
    assert out.getvalue() == '"name"\r\n"x;=1+1"\r\n'
