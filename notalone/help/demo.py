"""Seed the help directory and the laws tracker from the reference files shipped in data/.

These are real, sourced records (data/README.md), not fictional demo content; they are
loaded only into empty tables, so an operator's own edits are never overwritten.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TextIO

from notalone.help.exchange import import_file
from notalone.help.models import Measure, MeasureKind, Resource

DATA_DIR = Path(__file__).resolve().parent / "data"
# data/README.md: "Compiled on 2026-11-28 from published pages". The law files carry no
# per-row date, so that compilation date is their verification date.
LAWS_COMPILED_ON = datetime.date(2026, 11, 28)


def load_demo(stdout: TextIO) -> None:
    if not Resource.objects.exists():
        result = import_file("resources", DATA_DIR / "resources.csv", verified_on=None)
        stdout.write(f"Help directory: {result.created} resources imported.\n")
    for kind, name, file_name in (
        (MeasureKind.NDA, "nda-laws", "us_nda_laws.csv"),
        (MeasureKind.C190, "c190", "ilo_c190.csv"),
    ):
        if not Measure.objects.filter(kind=kind).exists():
            result = import_file(name, DATA_DIR / file_name, verified_on=LAWS_COMPILED_ON)
            stdout.write(f"Laws and policies: {result.created} {name} rows imported.\n")
