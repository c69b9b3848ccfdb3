"""``notalone restore FILE``: into an empty database and data directory only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from notalone.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a `notalone backup` archive into an empty database and data directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = restore_backup(options["archive"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {', '.join(restored.files)} ({restored.engine}). If the secret key is "
            "set in the environment (NOTALONE_SECRET_KEY), it must be the one the backed-up "
            "site used."
        )
