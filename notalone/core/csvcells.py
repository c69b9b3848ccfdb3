"""CSV files a spreadsheet opens as text, never as formulas (OWASP: CSV Injection).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@``, or with a tab or a
carriage return, as a formula: a help resource named ``=HYPERLINK("https://…")`` would
become a live link in the operator's spreadsheet. So does the full-width form of each sign
(U+FF1D, U+FF0B, U+FF0D, U+FF20), which spreadsheet apps fed by East Asian input methods accept too. Every CSV
NotAlone writes goes through ``write_csv``, which puts a single quote in front of such a cell,
as OWASP advises.

An import must take the quote off again, and only that quote. So the quote is added to one
more kind of cell: one that already starts with a quote followed by a formula sign or by
another quote. ``restore_cell`` takes off a leading quote exactly when the next character is
one of those; any other cell, one that starts with a quote included ("'s-Hertogenbosch"),
is written and read as it is. ``restore_cell(neutralise_cell(v)) == v`` for every text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

QUOTE = "'"
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_QUOTED_STARTS = FORMULA_STARTS | {QUOTE}


def neutralise_cell(value: str) -> str:
    """``value`` as a cell a spreadsheet shows as text."""
    first, second = value[:1], value[1:2]
    if first in FORMULA_STARTS or (first == QUOTE and second in _QUOTED_STARTS):
        return QUOTE + value
    return value


def restore_cell(cell: str) -> str:
    """The value ``neutralise_cell`` was given (for a cell from a file it wrote, or by hand)."""
    if cell[:1] == QUOTE and cell[1:2] in _QUOTED_STARTS:
        return cell[1:]
    return cell


def write_csv(out: TextIO, columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> None:
    """A header and ``rows`` as RFC 4180 CSV, each cell neutralised.

    Lines end in CRLF, as the RFC says: the csv module quotes a cell holding a character of the
    line ending, so with CRLF a carriage return inside a cell is quoted too (with LF alone, it
    would end the row on reading).
    """
    # Every cell quoted: a spreadsheet that splits on ";" (common where "," is the decimal
    # mark) then still sees "x;=1+1" as one cell, never a cell "=1+1".
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(
        {column: neutralise_cell(value) for column, value in row.items()} for row in rows
    )
