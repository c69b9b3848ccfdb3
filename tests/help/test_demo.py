from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from notalone.help.demo import load_demo
from notalone.help.models import Measure, Resource

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_an_empty_directory_once(db: None) -> None:
    out = io.StringIO()
    load_demo(out)
    assert "41 resources imported" in out.getvalue()
    assert Resource.objects.count() == 41
    assert Measure.objects.count() == 34 + 23
    assert Measure.objects.filter(verified_on__isnull=True).count() == 0
    Resource.objects.filter(slug="fr-3919").update(name="Edited by the operator")
    load_demo(io.StringIO())
    assert Resource.objects.get(slug="fr-3919").name == "Edited by the operator"


def test_a_bad_json_file_reports_records_by_number(db: None, tmp_path: Path) -> None:
    path = tmp_path / "resources.json"
    good = {
        "id": "xx-a", "name": "A", "kind": "hotline", "country": "US", "region": "",
        "phone": "988", "sms": "", "url": "", "chat_url": "", "hours": "", "languages": "",
        "topics": "", "description": "A fictional line.", "source_url": "https://example.org",
        "verified_on": "2026-01-01",
    }  # fmt: skip
    path.write_text(json.dumps([good, {**good, "country": "XZ"}]), encoding="utf-8")
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "resources", str(path), stderr=stderr)
    assert f"{path}: record 2, country:" in stderr.getvalue()
    assert not Resource.objects.exists()
