"""A backup written by a newer NotAlone (its database has migrations this version does not
know) is refused by `notalone restore` before anything is touched, and a database in that
state is not ready: this version would not fill the newer columns, and every post would fail."""

# ruff: noqa: F811  (target_database is a fixture imported from test_backup)

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from notalone.core import health
from tests.core.processes import NOTALONE, environment
from tests.core.test_backup import target_database  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

NEWER = "9999_from_a_newer_release"


@pytest.fixture
def newer_migration() -> Iterator[None]:
    """A row a newer release's migration would write. django_migrations is no model's table,
    so the test database's flush would keep it: it is deleted here, whatever the test did."""
    MigrationRecorder.Migration.objects.create(app="stories", name=NEWER)
    try:
        yield
    finally:
        MigrationRecorder.Migration.objects.filter(app="stories", name=NEWER).delete()
        health._migrations_applied = False


def test_a_backup_from_a_newer_schema_is_refused_and_nothing_restored(
    tmp_path: Path, target_database: dict[str, str], newer_migration: None
) -> None:
    archive = tmp_path / "newer.backup"
    call_command("backup", "--out", str(archive))
    new_dir = tmp_path / "restored"
    env = environment(new_dir, **target_database)
    run = subprocess.run(
        [NOTALONE, "restore", str(archive)], env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 1
    assert "newer NotAlone" in run.stderr
    assert f"stories.{NEWER}" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (new_dir / "notalone.sqlite3").exists() or (
        (new_dir / "notalone.sqlite3").stat().st_size == 0
    )
    # The target is still empty: migrate and a restore of a good backup would both work.
    check = subprocess.run(
        [NOTALONE, "showmigrations", "stories"], env=env, capture_output=True, text=True
    )
    assert "[X]" not in check.stdout


def test_readyz_is_not_ready_on_a_newer_schema(
    client: Client, monkeypatch: pytest.MonkeyPatch, newer_migration: None
) -> None:
    monkeypatch.setattr(health, "_migrations_applied", False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failing"
