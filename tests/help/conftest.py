"""Shared helpers for the help app's tests: the shipped reference files and small CSVs."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest

from notalone.help.exchange import import_file
from notalone.help.services import ImportResult

DATA = Path(__file__).resolve().parents[2] / "notalone" / "help" / "data"
RESOURCES_CSV = DATA / "resources.csv"
C190_CSV = DATA / "ilo_c190.csv"
NDA_CSV = DATA / "us_nda_laws.csv"
COMPILED_ON = datetime.date(2026, 11, 28)  # data/README.md

RESOURCE_HEADER = (
    "id,name,kind,country,region,phone,sms,url,chat_url,hours,languages,topics,"
    "description,source_url,verified_on"
)


def data_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def resource_line(
    slug: str = "xx-test-line",
    *,
    country: str = "US",
    phone: str = "1-800-656-4673",
    verified_on: str = "2026-01-15",
    region: str = "",
    languages: str = "",
    hours: str = "24/7",
) -> str:
    return (
        f"{slug},Test line {slug},hotline,{country},{region},{phone},,https://example.org,,"
        f"{hours},{languages},sexual-assault,A fictional line for tests.,"
        f"https://example.org/source,{verified_on}"
    )


def write_csv(tmp_path: Path, *lines: str, header: str = RESOURCE_HEADER) -> Path:
    path = tmp_path / "resources.csv"
    path.write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")
    return path


def seed_all() -> dict[str, ImportResult]:
    return {
        "resources": import_file("resources", RESOURCES_CSV, verified_on=None),
        "c190": import_file("c190", C190_CSV, verified_on=COMPILED_ON),
        "nda-laws": import_file("nda-laws", NDA_CSV, verified_on=COMPILED_ON),
    }


@pytest.fixture
def seeded(db: None) -> dict[str, ImportResult]:
    return seed_all()
