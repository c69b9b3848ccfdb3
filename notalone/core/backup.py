"""``notalone backup`` and ``notalone restore``: everything a restore needs, in one archive.

The archive is a tar file, readable by its owner only, holding:

- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the site runs) or
  ``database.pgdump`` (``pg_dump --format=custom``, one consistent snapshot); every table is
  in it: stories, reactions, replies, notices, moderation, accounts, escrow entries and
  matches, rate limits, and any statistics budget ledger an installed app keeps;
- ``jobs.sqlite3``: the job queue, when it is SQLite (with Redis, the queue is Redis's);
- ``secret_key``: the data directory's secret key, when the key lives there (development and
  one-machine sites); one set in the environment is the operator's to keep;
- ``escrow/escrow.json``: the escrow's public configuration (realm, thresholds, the guardians'
  public shares);
- ``manifest.json``: what is in it, with the SHA-256 of each file.

Files are taken by name from that list and nothing else: the counselor's private key, guardian
share files and anything else in the data directory are never in a backup.

A restore goes into an empty database and data directory only, and checks every file against
the manifest first.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PGDUMP_MEMBER = "database.pgdump"
JOBS_MEMBER = "jobs.sqlite3"
SECRET_MEMBER = "secret_key"  # noqa: S105  (a file name, not a secret)
ESCROW_MEMBER = "escrow/escrow.json"


class BackupError(Exception):
    """A backup or restore cannot go on; the message says what to do."""


@dataclass(frozen=True)
class Restored:
    engine: str
    files: list[str]


def _database() -> dict[str, Any]:
    return dict(connections[DEFAULT_DB_ALIAS].settings_dict)


def _engine() -> str:
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    target.chmod(0o600)


def _pg_environment() -> dict[str, str]:
    """libpq's variables for the database: the password never goes on a command line."""
    values = _database()
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if values.get(key):
            environment[variable] = str(values[key])
    return environment


def pg_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore`` of the server's major version (Debian keeps each in
    /usr/lib/postgresql/<major>/bin); a newer client also reads an older server."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    server_major = int(connection.pg_version) // 10000  # type: ignore[attr-defined]
    root = Path("/usr/lib/postgresql")
    candidates = sorted(
        (int(path.name), path / "bin" / name)
        for path in (root.iterdir() if root.is_dir() else [])
        if path.name.isdigit() and (path / "bin" / name).exists()
    )
    for major, path in candidates:
        if major >= server_major:
            return str(path)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client tools of version "
            f"{server_major} or later (Debian: apt-get install postgresql-client-{server_major})."
        )
    return found


def _run(command: list[str]) -> None:
    result = subprocess.run(
        command, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:2000]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def create_backup(out: Path) -> list[str]:
    """Write the archive to ``out`` (never over an existing file); return its members."""
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="notalone-backup-") as work:
        staging = Path(work)
        members: dict[str, Path] = {}
        if engine == "sqlite":
            members[SQLITE_MEMBER] = staging / SQLITE_MEMBER
            _sqlite_copy(Path(_database()["NAME"]), members[SQLITE_MEMBER])
        else:
            members[PGDUMP_MEMBER] = staging / PGDUMP_MEMBER
            _run(
                [
                    pg_tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(members[PGDUMP_MEMBER]),
                ]
            )
        jobs = settings.HUEY.get("filename")
        if jobs and Path(str(jobs)).exists():
            members[JOBS_MEMBER] = staging / JOBS_MEMBER
            _sqlite_copy(Path(str(jobs)), members[JOBS_MEMBER])
        secret = Path(settings.DATA_DIR) / "secret_key"
        if secret.exists():
            members[SECRET_MEMBER] = secret
        escrow = Path(settings.ESCROW_SHARES_DIR) / "escrow.json"
        if escrow.exists():
            members[ESCROW_MEMBER] = escrow
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "files": {name: _sha256(path) for name, path in members.items()},
        }
        try:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise BackupError(f"{out} exists already: a backup never overwrites a file.") from None
        try:
            with os.fdopen(fd, "wb") as handle, tarfile.open(fileobj=handle, mode="w") as archive:
                body = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode = len(body), 0o600
                archive.addfile(info, io.BytesIO(body))
                for name, path in members.items():
                    info = archive.gettarinfo(str(path), arcname=name)
                    info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
                    with path.open("rb") as source:
                        archive.addfile(info, source)
        except BaseException:
            out.unlink(missing_ok=True)
            raise
    return [MANIFEST, *members]


def _database_is_empty(engine: str) -> bool:
    connection = connections[DEFAULT_DB_ALIAS]
    if engine == "sqlite":
        path = Path(_database()["NAME"])
        if not path.exists():
            return True
        with sqlite3.connect(path) as db:
            tables = db.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
        db.close()
        return int(tables) == 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        row = cursor.fetchone()
    return row is not None and int(row[0]) == 0


def _extract(archive_path: Path, into: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path, mode="r") as archive:
            archive.extractall(into, filter="data")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive_path} is not a NotAlone backup ({error}).") from None
    try:
        manifest: dict[str, Any] = json.loads((into / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{archive_path} has no readable {MANIFEST}.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} is a backup format this version does not read.")
    for name, digest in manifest["files"].items():
        path = into / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"{name} in {archive_path} is missing or damaged: not restored.")
    return manifest


def _backup_migrations(engine: str, staging: Path) -> list[tuple[str, str]]:
    """The (app, name) rows of the backup's django_migrations, read from the staged copy
    before anything of the target is touched (a database never migrated has none)."""
    if engine == "sqlite":
        with closing(sqlite3.connect(f"file:{staging / SQLITE_MEMBER}?mode=ro", uri=True)) as db:
            if not db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone():
                return []
            rows = db.execute("SELECT app, name FROM django_migrations").fetchall()
        return [(str(app), str(name)) for app, name in rows]
    result = subprocess.run(
        [
            pg_tool("pg_restore"),
            "--data-only",
            "--table=django_migrations",
            "--file=-",
            str(staging / PGDUMP_MEMBER),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore cannot read the backup: {result.stderr.strip()[:2000]}")
    # The dump's COPY block: `COPY public.django_migrations (id, app, name, applied) FROM
    # stdin;`, one tab-separated row a line, ended by `\.`.
    found: list[tuple[str, str]] = []
    columns: list[str] = []
    for line in result.stdout.splitlines():
        if line.startswith("COPY ") and "django_migrations" in line and "(" in line:
            columns = [c.strip() for c in line.split("(", 1)[1].split(")", 1)[0].split(",")]
        elif columns and line == "\\.":
            columns = []
        elif columns:
            row = dict(zip(columns, line.split("\t"), strict=False))
            if "app" in row and "name" in row:
                found.append((row["app"], row["name"]))
    return found


def _refuse_a_newer_schema(engine: str, staging: Path) -> None:
    from django.db.migrations.loader import MigrationLoader

    from notalone.core.health import unknown_migrations

    try:
        applied = _backup_migrations(engine, staging)
    except sqlite3.Error as error:
        raise BackupError(f"The backup's database cannot be read ({error}).") from None
    newer = unknown_migrations(applied, MigrationLoader(None, ignore_no_migrations=True))
    if newer:
        raise BackupError(
            "This backup was made by a newer NotAlone: its database has migrations this version "
            f"does not know ({', '.join(newer[:5])}). Install that version (or a later one) "
            "and restore with it; nothing was restored."
        )


def restore_backup(archive_path: Path) -> Restored:
    """Restore ``archive_path`` into this site's database and data directory, which must be
    empty of content (a fresh data directory and database)."""
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="notalone-restore-") as work:
        staging = Path(work)
        manifest = _extract(archive_path, staging)
        files: list[str] = list(manifest["files"])
        if manifest["engine"] != engine:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database and this site uses {engine}: "
                "restore it into the same kind of database."
            )
        _refuse_a_newer_schema(engine, staging)
        if not _database_is_empty(engine):
            raise BackupError(
                "The database is not empty: restore only into a new, empty database (and a new "
                "data directory), so nothing there is mixed with or lost under the backup."
            )
        escrow_target = Path(settings.ESCROW_SHARES_DIR) / "escrow.json"
        if (
            ESCROW_MEMBER in files
            and escrow_target.exists()
            and escrow_target.read_bytes() != (staging / ESCROW_MEMBER).read_bytes()
        ):
            raise BackupError(
                f"{escrow_target} exists and differs from the backup's: move it away first."
            )
        if engine == "sqlite":
            connections[DEFAULT_DB_ALIAS].close()
            _sqlite_copy(staging / SQLITE_MEMBER, Path(_database()["NAME"]))
        else:
            _run(
                [
                    pg_tool("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                    str(_database()["NAME"]),
                    str(staging / PGDUMP_MEMBER),
                ]
            )
        data_dir = Path(settings.DATA_DIR)
        if JOBS_MEMBER in files and settings.HUEY.get("filename"):
            _sqlite_copy(staging / JOBS_MEMBER, Path(str(settings.HUEY["filename"])))
        if SECRET_MEMBER in files:
            # A fresh data directory made a key of its own on first start: the backup's, which
            # signed the rows and cursors being restored, takes its place.
            target = data_dir / SECRET_MEMBER
            temporary = data_dir / f".{SECRET_MEMBER}.restoring"
            shutil.copyfile(staging / SECRET_MEMBER, temporary)
            temporary.chmod(0o600)
            temporary.replace(target)
        if ESCROW_MEMBER in files and not escrow_target.exists():
            escrow_target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copyfile(staging / ESCROW_MEMBER, escrow_target)
            escrow_target.chmod(0o600)
    return Restored(engine=engine, files=files)
