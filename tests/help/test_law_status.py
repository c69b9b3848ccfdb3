"""Laws carry a status (in_force, expired, repealed) and an end date; sources are marked
primary or secondary. Bad values are refused with their line and column, and nothing is
imported."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from notalone.help.exchange import import_file
from notalone.help.models import LawStatus, Measure, Resource
from notalone.help.services import ImportRejected
from tests.help.conftest import (
    C190_CSV,
    COMPILED_ON,
    NDA_CSV,
    RESOURCE_HEADER,
    RESOURCES_CSV,
    resource_line,
    write_csv,
)

pytestmark = pytest.mark.django_db

NDA_HEADER = "jurisdiction,code,law,year,summary,source_url,source_kind,status,ended_on"


def _law(
    law: str = "A fictional act",
    *,
    code: str = "US-MD",
    year: str = "2018",
    status: str = "in_force",
    ended_on: str = "",
    source_kind: str = "primary",
) -> str:
    return (
        f"Maryland,{code},{law},{year},A fictional summary.,https://example.org/law,"
        f"{source_kind},{status},{ended_on}"
    )


def _laws_file(tmp_path: Path, *lines: str, header: str = NDA_HEADER) -> Path:
    path = tmp_path / "laws.csv"
    path.write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")
    return path


def _problems(kind: str, path: Path) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRejected) as caught:
        import_file(kind, path, verified_on=COMPILED_ON)
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_every_shipped_row_has_a_status_and_a_marked_source() -> None:
    with NDA_CSV.open(newline="", encoding="utf-8") as handle:
        laws = list(csv.DictReader(handle))
    assert {row["status"] for row in laws} <= set(LawStatus.values)
    assert all(row["source_kind"] in ("primary", "secondary") for row in laws)
    for path in (RESOURCES_CSV, C190_CSV):
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert all(row["source_kind"] in ("primary", "secondary") for row in rows), path


def test_the_shipped_laws_say_which_have_ended(seeded) -> None:  # type: ignore[no-untyped-def]
    maryland = Measure.objects.get(jurisdiction__code="US-MD")
    assert (maryland.status, maryland.ended_on) == ("expired", datetime.date(2023, 6, 30))
    assert maryland.has_ended
    washington = Measure.objects.get(jurisdiction__code="US-WA", year=2018)
    assert (washington.status, washington.ended_on, washington.has_ended) == (
        "repealed",
        None,
        True,
    )
    assert Measure.objects.filter(kind="nda", status="in_force").count() == 21
    maine = Measure.objects.get(jurisdiction__code="US-ME")
    assert maine.title == "LD 965 (P.L. 2021, ch. 760), 26 M.R.S. 599-C"
    assert maine.source_url.startswith("https://legislature.maine.gov/")
    assert maine.source_kind == "primary"


def test_the_shipped_directory_has_the_corrections(seeded) -> None:  # type: ignore[no-untyped-def]
    ligue = Resource.objects.get(slug="br-ligue-180")
    assert (ligue.sms, ligue.sms_dial, ligue.sms_note) == (
        "(61) 99610-0180",
        "+5561996100180",
        "WhatsApp",
    )
    assert ligue.language_list == ["pt"]
    assert ligue.serves_list == ["women"]
    new_lines = {
        "ie-womens-aid-helpline": "IE",
        "gb-sct-domestic-abuse-helpline": "GB",
        "gb-wls-live-fear-free": "GB",
        "gb-mens-advice-line": "GB",
        "gb-childline": "GB",
        "nz-womens-refuge-crisisline": "NZ",
        "jp-dv-soudan-plus": "JP",
    }
    found = dict(Resource.objects.filter(slug__in=new_lines).values_list("slug", "country"))
    assert found == new_lines
    assert Resource.objects.get(slug="us-dod-safe-helpline").source_kind == "primary"
    assert Resource.objects.get(slug="es-016").source_kind == "secondary"


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        (_law(status="current"), "status", "“current” is not one of: in_force, expired, repealed."),
        (_law(status="Expired"), "status", "“Expired” is not one of"),
        (_law(status="expired", ended_on="30/06/2023"), "ended_on", "is not a date written"),
        (_law(status="expired", ended_on="2099-06-30"), "ended_on", "is in the future"),
        (_law(status="in_force", ended_on="2023-06-30"), "ended_on", "Only a law that ended"),
        (_law(status="", ended_on="2023-06-30"), "ended_on", "Only a law that ended"),
        (_law(status="expired", ended_on="2017-06-30"), "ended_on", "before the law's year, 2018"),
        (
            _law(source_kind="tertiary"),
            "source_kind",
            "“tertiary” is not one of: primary, secondary.",
        ),
    ],
)
def test_a_bad_status_end_date_or_source_kind_is_refused_and_nothing_is_imported(
    tmp_path: Path, line: str, column: str, message: str
) -> None:
    path = _laws_file(tmp_path, _law("Another fictional act"), line)
    problems = _problems("nda-laws", path)
    assert [(number, col) for number, col, _ in problems] == [(3, column)]
    assert message in problems[0][2]
    assert not Measure.objects.exists()


def test_a_bad_file_leaves_what_was_imported_before_as_it_was(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = list(Measure.objects.order_by("key").values())
    _problems("nda-laws", _laws_file(tmp_path, _law(status="ended")))
    # Not even the laws the bad file leaves out are withdrawn.
    assert list(Measure.objects.order_by("key").values()) == before


def test_an_end_date_without_a_status_column_is_refused(tmp_path: Path) -> None:
    header = "jurisdiction,code,law,year,summary,source_url,ended_on"
    path = _laws_file(
        tmp_path,
        "Maryland,US-MD,A fictional act,2018,A summary.,https://example.org,2023-06-30",
        header=header,
    )
    problems = _problems("nda-laws", path)
    assert problems == [(2, "ended_on", "An end date needs a status column (expired or repealed).")]


def test_an_unknown_column_names_the_new_ones(tmp_path: Path) -> None:
    path = _laws_file(tmp_path, _law() + ",x", header=NDA_HEADER + ",state")
    problems = _problems("nda-laws", path)
    assert problems[0][:2] == (1, "state")
    assert "source_kind, status, ended_on" in problems[0][2]


def test_a_law_that_ended_without_a_known_date_is_accepted(tmp_path: Path) -> None:
    import_file(
        "nda-laws",
        _laws_file(
            tmp_path,
            _law(status="repealed"),
            _law("Second act", status="expired", ended_on="2023-06-30"),
        ),
        verified_on=COMPILED_ON,
    )
    statuses = dict(Measure.objects.values_list("title", "status"))
    assert statuses == {"A fictional act": "repealed", "Second act": "expired"}


def test_a_resource_with_a_bad_source_kind_or_group_is_refused(tmp_path: Path) -> None:
    header = RESOURCE_HEADER + ",source_kind,serves"
    path = write_csv(
        tmp_path,
        resource_line("xx-a") + ",primary,women",
        resource_line("xx-b") + ",news,",
        resource_line("xx-c") + ",secondary,Women Only",
        header=header,
    )
    with pytest.raises(ImportRejected) as caught:
        import_file("resources", path, verified_on=None)
    problems = [(p.line, p.column) for p in caught.value.problems]
    assert problems == [(3, "source_kind"), (4, "serves")]
    assert not Resource.objects.exists()


def test_the_command_prints_each_problem_with_its_line(tmp_path: Path) -> None:
    path = _laws_file(tmp_path, _law(status="current"))
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import", "nda-laws", str(path), "--verified-on", "2026-11-28", stderr=stderr)
    assert f"{path}: line 2, status: “current” is not one of" in stderr.getvalue()


def test_the_data_readme_counts_what_the_files_hold() -> None:
    readme = (RESOURCES_CSV.parent / "README.md").read_text(encoding="utf-8")
    for path in (RESOURCES_CSV, C190_CSV, NDA_CSV):
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert f"| `{path.name}` | {len(rows)} |" in readme, path.name
        if path == RESOURCES_CSV:
            countries = len({row["country"] for row in rows})
            assert f"reporting bodies in {countries} countries |" in readme


@pytest.mark.parametrize(
    "year", ["٢٠١٨", "\uff12\uff10\uff11\uff18", "2_018", "+2018", "02018", "²⁰¹⁸"]
)
def test_a_year_in_other_digits_or_python_spellings_is_refused_and_nothing_imported(
    tmp_path: Path, year: str
) -> None:
    problems = _problems("nda-laws", _laws_file(tmp_path, _law(), _law("Another act", year=year)))
    assert problems == [(3, "year", f"“{year}” is not a year.")]
    assert not Measure.objects.exists()
