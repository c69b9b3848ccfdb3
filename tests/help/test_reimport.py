"""A deployment that imported the reference files of 2026-11-28 gets the corrections of
2026-11-30 by importing the new files: rows are updated, new lines added, and what the new
files no longer list is withdrawn. Importing again changes nothing."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from notalone.help.exchange import import_file
from notalone.help.models import Measure, Resource
from tests.help.conftest import (
    C190_CSV,
    COMPILED_ON,
    NDA_CSV,
    RESOURCES_CSV,
    resource_line,
    write_csv,
)

pytestmark = pytest.mark.django_db

OLD = Path(__file__).resolve().parent / "data" / "2026-11-28"
OLD_MAINE = "nda:US-ME:LD 965 (P.L. 2022, ch. 760), 26 M.R.S. 599-C"
NEW_MAINE = "nda:US-ME:LD 965 (P.L. 2021, ch. 760), 26 M.R.S. 599-C"


def _import_all(folder: Path | None = None) -> dict[str, object]:
    files = (
        {
            "resources": OLD / "resources.csv",
            "nda-laws": OLD / "us_nda_laws.csv",
            "c190": OLD / "ilo_c190.csv",
        }
        if folder
        else {"resources": RESOURCES_CSV, "nda-laws": NDA_CSV, "c190": C190_CSV}
    )
    return {kind: import_file(kind, path, verified_on=COMPILED_ON) for kind, path in files.items()}


def test_importing_the_new_files_over_the_old_ones_applies_every_correction(client: Client) -> None:
    _import_all(OLD)
    assert Resource.objects.count() == 34
    maryland = Measure.objects.get(jurisdiction__code="US-MD")
    # The old file had no status: the law is "not recorded", never shown as in force.
    assert maryland.status == ""
    html = client.get("/help/laws/US-MD/").content.decode()
    assert "Whether this law is still in force was not recorded" in html
    assert "In force when last checked" not in html
    assert Resource.objects.get(slug="br-ligue-180").sms == "(61) 9610-0180"

    results = _import_all()

    resources = results["resources"]
    assert (resources.created, resources.withdrawn) == (7, ())  # type: ignore[attr-defined]
    assert Resource.objects.filter(retired=False).count() == 41
    ligue = Resource.objects.get(slug="br-ligue-180")
    assert (ligue.sms, ligue.sms_dial) == ("(61) 99610-0180", "+5561996100180")
    assert ligue.source_url.startswith("https://gauchazh.clicrbs.com.br/")
    assert Resource.objects.get(slug="us-dod-safe-helpline").source_url == (
        "https://www.sapr.mil/dod-safe-helpline"
    )
    assert not Resource.objects.filter(source_kind="").exists()

    laws = results["nda-laws"]
    assert laws.withdrawn == (OLD_MAINE,)  # type: ignore[attr-defined]
    assert not Measure.objects.filter(key=OLD_MAINE).exists()
    assert Measure.objects.get(key=NEW_MAINE).source_kind == "primary"
    assert Measure.objects.filter(kind="nda").count() == 23
    maryland = Measure.objects.get(jurisdiction__code="US-MD")
    assert (maryland.status, maryland.ended_on) == ("expired", datetime.date(2023, 6, 30))
    assert not Measure.objects.filter(kind="nda", status="").exists()
    html = client.get("/help/laws/US-MD/").content.decode()
    assert "Ended: expired on 30 June 2023, no longer in force." in html
    assert results["c190"].withdrawn == ()  # type: ignore[attr-defined]

    # Once more: nothing changes.
    before = (
        list(Resource.objects.order_by("slug").values()),
        list(Measure.objects.order_by("key").values()),
    )
    again = _import_all()
    for result in again.values():
        assert (result.created, result.updated, result.withdrawn) == (0, 0, ())  # type: ignore[attr-defined]
    assert before == (
        list(Resource.objects.order_by("slug").values()),
        list(Measure.objects.order_by("key").values()),
    )


def test_the_old_files_over_the_new_ones_keep_the_new_columns(db: None) -> None:
    _import_all()
    _import_all(OLD)
    # Files without the new columns do not erase them (like "retired").
    assert Measure.objects.get(jurisdiction__code="US-MD").status == "expired"
    assert Resource.objects.get(slug="us-eeoc").source_kind == "primary"


def test_a_resource_the_file_no_longer_lists_is_retired(db: None, tmp_path: Path) -> None:
    import_file(
        "resources",
        write_csv(tmp_path, resource_line("xx-a"), resource_line("xx-b")),
        verified_on=None,
    )
    Resource.objects.create(
        slug="xx-by-hand",
        name="Added by an operator",
        kind="hotline",
        country="US",
        phone="988",
        phone_dial="988",
        description="A fictional line.",
        source_url="https://example.org",
        verified_on=datetime.date(2026, 11, 1),
    )
    result = import_file("resources", write_csv(tmp_path, resource_line("xx-a")), verified_on=None)
    assert result.withdrawn == ("xx-b",)
    retired = dict(Resource.objects.values_list("slug", "retired"))
    assert retired == {"xx-a": False, "xx-b": True, "xx-by-hand": False}
    # The record is kept (retired), and importing the same file again withdraws nothing more.
    again = import_file("resources", write_csv(tmp_path, resource_line("xx-a")), verified_on=None)
    assert again.withdrawn == ()


def test_keep_missing_keeps_what_the_file_leaves_out(db: None, tmp_path: Path) -> None:
    import_file(
        "resources",
        write_csv(tmp_path, resource_line("xx-a"), resource_line("xx-b")),
        verified_on=None,
    )
    stdout = io.StringIO()
    call_command(
        "import",
        "resources",
        str(write_csv(tmp_path, resource_line("xx-a"))),
        "--keep-missing",
        stdout=stdout,
    )
    assert "0 withdrawn" in stdout.getvalue()
    assert not Resource.objects.filter(retired=True).exists()
    call_command(
        "import", "resources", str(write_csv(tmp_path, resource_line("xx-a"))), stdout=stdout
    )
    assert "1 withdrawn" in stdout.getvalue()
    assert "no longer in the file, retired: xx-b" in stdout.getvalue()
