"""``notalone backup --out FILE``: see notalone/core/backup.py for what the archive holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from notalone.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database, the data directory's secret key, the job queue (SQLite) and the "
        "escrow's public configuration into one file (never the counselor's private key)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="the archive to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            members = create_backup(options["out"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {options['out']}: {', '.join(members)}")
