from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from notalone.help.exchange import export_text, import_file
from notalone.help.models import Jurisdiction, Measure, Resource
from notalone.help.services import ImportRejected
from tests.help.conftest import (
    C190_CSV,
    COMPILED_ON,
    NDA_CSV,
    RESOURCES_CSV,
    data_rows,
    resource_line,
    write_csv,
)

pytestmark = pytest.mark.django_db


def _rejected(kind: str, path: Path, **kwargs: object) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRejected) as caught:
        import_file(kind, path, verified_on=kwargs.get("verified_on"))  # type: ignore[arg-type]
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_it_imports_each_shipped_file_and_the_counts_match(seeded) -> None:  # type: ignore[no-untyped-def]
    assert data_rows(RESOURCES_CSV) == 41
    assert data_rows(C190_CSV) == 34
    assert data_rows(NDA_CSV) == 23
    assert seeded["resources"].created == Resource.objects.count() == 41
    assert seeded["c190"].created == Measure.objects.filter(kind="c190").count() == 34
    assert seeded["nda-laws"].created == Measure.objects.filter(kind="nda").count() == 23


def test_namibia_stays_a_country_and_not_a_missing_value(seeded) -> None:  # type: ignore[no-untyped-def]
    namibia = Jurisdiction.objects.get(code="NA")
    assert namibia.name == "Namibia"
    assert namibia.measures.get().dated_on.isoformat() == "2020-12-09"


def test_importing_the_same_file_twice_changes_nothing(seeded) -> None:  # type: ignore[no-untyped-def]
    before = list(Resource.objects.order_by("slug").values())
    again = import_file("resources", RESOURCES_CSV, verified_on=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 41)
    assert list(Resource.objects.order_by("slug").values()) == before
    laws = import_file("nda-laws", NDA_CSV, verified_on=COMPILED_ON)
    assert (laws.created, laws.updated, laws.unchanged) == (0, 0, 23)


def test_a_row_with_a_known_id_updates_that_record(db: None, tmp_path: Path) -> None:
    import_file("resources", write_csv(tmp_path, resource_line("xx-one")), verified_on=None)
    result = import_file(
        "resources",
        write_csv(tmp_path, resource_line("xx-one", verified_on="2026-02-01")),
        verified_on=None,
    )
    assert (result.created, result.updated) == (0, 1)
    assert Resource.objects.get(slug="xx-one").verified_on.isoformat() == "2026-02-01"


def test_it_keeps_every_number_as_the_source_prints_it(seeded) -> None:  # type: ignore[no-untyped-def]
    ncw = Resource.objects.get(slug="in-ncw-helpline")
    assert [p.display for p in ncw.phones] == ["14490", "7827170170"]
    assert [p.dial for p in ncw.phones] == ["14490", "+917827170170"]
    ndvh = Resource.objects.get(slug="us-ndvh")
    assert (ndvh.sms, ndvh.sms_note) == ("88788", "text START")
    assert Resource.objects.get(slug="jp-8891").phones[0].href == "tel:%238891"


def test_it_rejects_a_file_with_a_missing_column(db: None, tmp_path: Path) -> None:
    header = "id,name,kind,region,phone,sms,url,chat_url,hours,languages,topics,description,source_url,verified_on"
    path = write_csv(
        tmp_path, "xx-a,A,hotline,,988,,,,,,,A line.,https://example.org,2026-01-01", header=header
    )
    assert _rejected("resources", path) == [(1, "country", "This column is missing.")]
    assert not Resource.objects.exists()


def test_it_rejects_a_bad_country_code(db: None, tmp_path: Path) -> None:
    path = write_csv(tmp_path, resource_line("xx-a"), resource_line("xx-b", country="XZ"))
    problems = _rejected("resources", path)
    assert [(line, column) for line, column, _ in problems] == [(3, "country")]
    assert "“XZ” is not an ISO 3166-1 country code" in problems[0][2]
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("phone", "reason"),
    [
        ("12", "does not fit the numbering plan"),
        ("call us", "is not a phone number"),
        ("+44 808 500 2222", "has the calling code +44, but \u2068United States\u2069 uses +1"),
    ],
)
def test_it_rejects_a_bad_phone_number(db: None, tmp_path: Path, phone: str, reason: str) -> None:
    path = write_csv(tmp_path, resource_line("xx-a"), resource_line("xx-b", phone=phone))
    problems = _rejected("resources", path)
    assert [(line, column) for line, column, _ in problems] == [(3, "phone")]
    assert reason in problems[0][2]
    assert not Resource.objects.exists()


def test_it_rejects_a_duplicate_id(db: None, tmp_path: Path) -> None:
    path = write_csv(tmp_path, resource_line("xx-a"), resource_line("xx-b"), resource_line("xx-a"))
    problems = _rejected("resources", path)
    assert [(line, column) for line, column, _ in problems] == [(4, "id")]
    assert "already on line 2" in problems[0][2]
    assert not Resource.objects.exists()


def test_a_file_with_a_broken_row_says_which_line(db: None, tmp_path: Path) -> None:
    path = write_csv(tmp_path, resource_line("xx-a"), "xx-short,Too few fields,hotline")
    problems = _rejected("resources", path)
    assert problems == [(3, "", "This line has 3 fields; the header has 15.")]


def test_a_malformed_file_imports_nothing_and_reports_every_problem(
    db: None, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path,
        resource_line("xx-good"),
        resource_line("xx-country", country="UK"),
        resource_line("xx-phone", phone="0808 500"),
        resource_line("xx-good"),
        resource_line("xx-date", verified_on="28/11/2026"),
        resource_line("xx-region", region="GB-SCT"),
        resource_line("xx-language", languages="en;english"),
        "xx-url,Bad URL,hotline,US,,988,,www.example.org,,,,,A line.,https://example.org,2026-01-01",
    )
    problems = _rejected("resources", path)
    assert [(line, column) for line, column, _ in problems] == [
        (3, "country"),
        (4, "phone"),
        (5, "id"),
        (6, "verified_on"),
        (7, "region"),
        (8, "languages"),
        (9, "url"),
    ]
    assert not Resource.objects.exists()


def test_the_import_command_lists_problems_and_exits_non_zero(db: None, tmp_path: Path) -> None:
    path = write_csv(tmp_path, resource_line("xx-a", country="XZ"), resource_line("xx-a"))
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 2 problem"):
        call_command("import", "resources", str(path), stderr=stderr)
    assert f"{path}: line 2, country:" in stderr.getvalue()
    assert f"{path}: line 3, id:" in stderr.getvalue()
    assert not Resource.objects.exists()


def test_the_import_command_reports_what_it_did(db: None) -> None:
    stdout = io.StringIO()
    call_command("import", "resources", str(RESOURCES_CSV), stdout=stdout)
    assert "Imported 41 resources" in stdout.getvalue()
    assert "41 new, 0 updated, 0 unchanged, 0 withdrawn" in stdout.getvalue()


def test_law_files_without_dates_need_a_verification_date(db: None) -> None:
    problems = _rejected("c190", C190_CSV)
    assert len(problems) == 1
    assert problems[0][:2] == (1, "verified_on")
    assert not Measure.objects.exists()


def test_it_rejects_a_law_in_force_before_it_was_ratified(db: None, tmp_path: Path) -> None:
    path = tmp_path / "c190.csv"
    path.write_text(
        "country,iso2,ratified_on,in_force_on,source_url\n"
        "Uruguay,UY,2020-06-12,2019-06-25,https://example.org\n"
        "Nowhere,ZZ,2020-06-12,2021-06-25,https://example.org\n",
        encoding="utf-8",
    )
    problems = _rejected("c190", path, verified_on=COMPILED_ON)
    assert [(line, column) for line, column, _ in problems] == [(2, "in_force_on"), (3, "iso2")]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_imports_back_to_the_same_records(seeded, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    Resource.objects.filter(slug="us-eeoc").update(retired=True)
    before = list(Resource.objects.order_by("slug").values(*_COMPARED))
    for kind in ("resources", "c190", "nda-laws"):
        (tmp_path / f"{kind}.{fmt}").write_text(export_text(kind, fmt), encoding="utf-8")
    laws_before = list(Measure.objects.order_by("key").values(*_MEASURE_COMPARED))
    Resource.objects.all().delete()
    Measure.objects.all().delete()
    for kind in ("resources", "c190", "nda-laws"):
        import_file(kind, tmp_path / f"{kind}.{fmt}", verified_on=None)
    assert list(Resource.objects.order_by("slug").values(*_COMPARED)) == before
    assert list(Measure.objects.order_by("key").values(*_MEASURE_COMPARED)) == laws_before


_COMPARED = (
    "slug",
    "name",
    "kind",
    "country",
    "regions",
    "phone",
    "phone_dial",
    "sms",
    "sms_dial",
    "sms_note",
    "url",
    "chat_url",
    "hours",
    "is_24_7",
    "languages",
    "topics",
    "description",
    "source_url",
    "source_kind",
    "serves",
    "verified_on",
    "retired",
)
_MEASURE_COMPARED = (
    "key",
    "jurisdiction__code",
    "kind",
    "title",
    "year",
    "dated_on",
    "in_force_on",
    "summary",
    "status",
    "ended_on",
    "source_url",
    "source_kind",
    "verified_on",
)


def test_the_export_command_writes_json(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "out.json"
    call_command(
        "export", "resources", "--format", "json", "--output", str(output), stderr=io.StringIO()
    )
    records = json.loads(output.read_text(encoding="utf-8"))
    assert len(records) == 41
    assert all(record["source_url"] and record["verified_on"] for record in records)
    assert records[0]["retired"] is False
