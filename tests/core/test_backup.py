"""`notalone backup` and `notalone restore` (issue 14, item 4): a backup restored into an
empty data directory and database holds every story, reaction, reply, notice and escrow
entry, its match still opens with the counselor's key, and the counselor's private key was
never in the backup."""

# ruff: noqa: F811  (the escrow's fixtures, demo guardians and a counselor key pair, are
# imported from tests/escrow/conftest.py and requested by name)

from __future__ import annotations

import json
import os
import subprocess
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from notalone.accounts.models import Role
from notalone.escrow import client as escrow_client
from notalone.moderation.services.decisions import moderation_act
from notalone.stories import services
from tests.conftest import make_member
from tests.core.processes import NOTALONE, environment
from tests.escrow.conftest import counselor_keys, escrow_demo, transport_for  # noqa: F401
from tests.stories.factories import publish

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHECK_SCRIPT = Path(__file__).with_name("backup_check.py")
COUNSELOR_KEY_FILE = "demo-counselor.key"


@pytest.fixture
def target_database() -> Iterator[dict[str, str]]:
    """An empty database for the restore: a new PostgreSQL database on the same server, or
    (SQLite) the default file in the new data directory."""
    if connection.vendor != "postgresql":
        yield {}
        return
    values = connection.settings_dict
    name = f"na_restore_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(
        host=values["HOST"] or "127.0.0.1",
        port=values["PORT"] or 5432,
        user=values["USER"],
        password=values["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{values['PASSWORD']}" if values.get("PASSWORD") else ""
    try:
        yield {
            "DATABASE_URL": f"postgres://{values['USER']}{password}@{values['HOST'] or '127.0.0.1'}:"
            f"{values['PORT'] or 5432}/{name}"
        }
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _site_content(escrow_demo: Path) -> None:
    alice, bob, charlie = make_member("alice"), make_member("bob"), make_member("charlie")
    mod = make_member("mod", Role.MODERATOR)
    make_member("counsel", Role.COUNSELOR)
    shared = publish(alice, "A story that must survive the backup.")
    hidden = publish(bob, "A story a moderator hid.")
    services.reaction_set(story_id=shared.public_id, member=bob, kind="me_too", on=True)
    services.reply_post(story_id=shared.public_id, author=charlie, body="I believe you.")
    moderation_act(moderator=mod, action="hide", reason="off topic", story=hidden)
    config = escrow_client.fetch_config(transport_for(alice))
    for member, raw, what in (
        (alice, "https://x.com/SomeHandle/", "Fictional account 1."),
        (bob, ("@somehandle", "twitter"), "Fictional account 2."),
        (charlie, "someone.else@example.com", "Fictional account 3."),
    ):
        escrow_client.file_entry(
            transport_for(member), config, [raw], {"what": what, "contact": "by the site"}
        )


def test_a_backup_restored_into_an_empty_site_holds_everything(
    escrow_demo: Path,
    counselor_keys: tuple[bytes, bytes],
    tmp_path: Path,
    target_database: dict[str, str],
    settings: Any,
) -> None:
    _site_content(escrow_demo)
    data_dir = Path(django_settings.DATA_DIR)
    counselor_key = data_dir / COUNSELOR_KEY_FILE
    counselor_key.write_bytes(b"COUNSELOR-PRIVATE-KEY " + counselor_keys[0].hex().encode())
    archive = tmp_path / "site.backup"
    try:
        call_command("backup", "--out", str(archive))
    finally:
        counselor_key.unlink()
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as opened:
        names = opened.getnames()
        contents = b"".join(
            opened.extractfile(member).read()  # type: ignore[union-attr]
            for member in opened.getmembers()
            if member.isfile()
        )
    assert "manifest.json" in names
    assert "escrow/escrow.json" in names
    assert ("database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3") in names
    assert b"COUNSELOR-PRIVATE-KEY" not in contents
    assert counselor_keys[0].hex().encode() not in contents
    assert not any("guardian-" in name or name.endswith(".key") for name in names)

    new_dir = tmp_path / "restored"
    env = environment(
        new_dir,
        NOTALONE_ESCROW_GUARDIANS="demo",
        NOTALONE_ESCROW_SHARES_DIR=str(new_dir / "escrow"),
        NOTALONE_ESCROW_COUNSELOR_PUBLIC_KEY=counselor_keys[1].hex(),
        **target_database,
    )
    restore = subprocess.run(
        [NOTALONE, "restore", str(archive)], env=env, capture_output=True, text=True, timeout=300
    )
    assert restore.returncode == 0, restore.stderr
    if "secret_key" in names:
        assert (new_dir / "secret_key").read_text() == (data_dir / "secret_key").read_text()
        assert (new_dir / "secret_key").stat().st_mode & 0o777 == 0o600
    check = subprocess.run(
        [NOTALONE, "shell", "-c", CHECK_SCRIPT.read_text()],
        env={**env, "TEST_COUNSELOR_KEY": counselor_keys[0].hex()},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 0, check.stderr
    line = next(x for x in check.stdout.splitlines() if x.startswith("RESULT "))
    found = json.loads(line.removeprefix("RESULT "))
    assert found == {
        "stories": ["A story a moderator hid.", "A story that must survive the backup."],
        "reactions": 1,
        "replies": ["I believe you."],
        "notices": 1,
        "actions": 1,
        "entries": 3,
        "matches": 1,
        "opened": [["Fictional account 1.", "Fictional account 2."]],
    }

    # A second restore into the same, no longer empty, site is refused and changes nothing.
    again = subprocess.run(
        [NOTALONE, "restore", str(archive)], env=env, capture_output=True, text=True, timeout=300
    )
    assert again.returncode != 0
    assert "The database is not empty" in again.stderr


def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "old.backup"
    existing.write_text("an older backup")
    with pytest.raises(CommandError, match="never overwrites"):
        call_command("backup", "--out", str(existing))
    assert existing.read_text() == "an older backup"


def test_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "site.backup"
    call_command("backup", "--out", str(archive))
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(bytes(data))
    new_dir = tmp_path / "restored"
    run = subprocess.run(
        [NOTALONE, "restore", str(damaged)],
        env=environment(new_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode != 0
    assert "damaged" in run.stderr or "not a NotAlone backup" in run.stderr
    assert not os.path.exists(new_dir / "notalone.sqlite3") or (
        (new_dir / "notalone.sqlite3").stat().st_size == 0
    )
