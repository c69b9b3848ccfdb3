"""Management commands given bad text (NUL bytes, other scripts, huge or empty values) stop
with a clear error and change nothing; an import file with a NUL byte is refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from notalone.help.models import Resource
from tests.help.conftest import RESOURCE_HEADER, resource_line

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["a\x00b", "", "x" * 10_000, "\u0663\u0664", "\u202e"])
def test_escrow_approve_names_an_account_it_cannot_find(username: str) -> None:
    with pytest.raises(CommandError, match="No account is called"):
        call_command("escrow", "approve", username)


def test_a_csv_file_with_a_nul_byte_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "resources.csv"
    line = resource_line().replace("A fictional", "A fic\x00tional", 1)
    path.write_text("\n".join((RESOURCE_HEADER, resource_line(slug="first"), line)) + "\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import", "resources", str(path))
    assert not Resource.objects.exists()


def test_a_json_file_with_an_escaped_nul_is_refused_whole(tmp_path: Path) -> None:
    header = RESOURCE_HEADER.split(",")
    row = dict(zip(header, resource_line().split(","), strict=True))
    row["name"] = "A name\u0000"
    path = tmp_path / "resources.json"
    path.write_text(json.dumps([row]))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import", "resources", str(path))
    assert not Resource.objects.exists()


def test_an_import_path_with_a_nul_byte_is_not_a_file() -> None:
    with pytest.raises(CommandError, match="is not a file"):
        call_command("import", "resources", "resources\x00.csv")
