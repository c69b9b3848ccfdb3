"""A help resource named like a spreadsheet formula is exported as text and imported back
unchanged (OWASP's CSV-injection rule; notalone/core/csvcells.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from notalone.core.csvcells import FORMULA_STARTS
from notalone.help.exchange import export_text, import_file
from notalone.help.models import Resource
from notalone.help.validation import RESOURCE_COLUMNS

pytestmark = pytest.mark.django_db

FORMULA_NAME = '=HYPERLINK("https://example.org/steal","Call now")'


def _resource(slug: str, name: str, description: str, phone: str = "1-800-656-4673") -> dict:
    return {
        "id": slug,
        "name": name,
        "kind": "hotline",
        "country": "US",
        "region": "",
        "phone": phone,
        "sms": "",
        "url": "https://example.org",
        "chat_url": "",
        "hours": "24/7",
        "languages": "",
        "topics": "sexual-assault",
        "description": description,
        "source_url": "https://example.org/source",
        "verified_on": "2026-01-15",
    }


@pytest.fixture
def formula_like(tmp_path: Path) -> list[Resource]:
    """Resources whose text a spreadsheet would run, written by hand as an operator might."""
    rows = [
        _resource("xx-hyperlink", FORMULA_NAME, "@SUM(1+1) is not a formula here."),
        _resource("xx-plus", "+ Support line", "-- a fictional line --", phone="+1 800 656 4673"),
        _resource("xx-fullwidth", "\uff1dcmd|' /C calc'!A0", "\uff20 a fictional line."),
        # A quote before a formula sign is how a spreadsheet marks text: it is not kept.
        _resource("xx-quoted", "'s-Hertogenbosch line", "'=1+1 marked as text."),
    ]
    path = tmp_path / "hand-written.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=RESOURCE_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    import_file("resources", path, verified_on=None)
    return list(Resource.objects.filter(slug__startswith="xx-").order_by("slug"))


def _values(resources: list[Resource]) -> dict[str, tuple[str, str, str]]:
    return {r.slug: (r.name, r.description, r.phone) for r in resources}


def test_an_export_holds_no_cell_a_spreadsheet_would_run(formula_like: list[Resource]) -> None:
    assert FORMULA_NAME in [r.name for r in formula_like]  # the import kept it as text
    rows = list(csv.reader(io.StringIO(export_text("resources", "csv"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert f"'{FORMULA_NAME}" in cells
    assert "'+1 800 656 4673" in cells
    assert "'s-Hertogenbosch line" in cells  # a quote that needs no escaping stays one quote
    assert [cell for cell in cells if cell[:1] in FORMULA_STARTS] == []


def test_the_export_imports_back_to_the_same_text(
    formula_like: list[Resource], tmp_path: Path
) -> None:
    before = _values(formula_like)
    output = tmp_path / "export.csv"
    call_command("export", "resources", "--output", str(output), stderr=io.StringIO())
    Resource.objects.all().delete()
    import_file("resources", output, verified_on=None)
    after = list(Resource.objects.filter(slug__startswith="xx-").order_by("slug"))
    assert _values(after) == before
    assert before["xx-hyperlink"] == (
        FORMULA_NAME,
        "@SUM(1+1) is not a formula here.",
        "1-800-656-4673",
    )
    assert before["xx-quoted"][:2] == ("'s-Hertogenbosch line", "=1+1 marked as text.")
