"""``notalone import KIND FILE``: load the help directory or the laws tracker from a file.

All-or-nothing: if any row has a problem, nothing is imported and every problem is listed
with its line and column. Importing the same file again changes nothing (rows are matched
by their id). What an earlier import brought in and the file no longer lists is withdrawn
(resources retired, laws removed) unless --keep-missing. Formats: docs/HELP_DIRECTORY.md.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from notalone.help.exchange import KINDS, describe, import_file
from notalone.help.services import ImportRejected


class Command(BaseCommand):
    help = "Import help resources (resources), NDA laws (nda-laws) or C190 ratifications (c190)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS), help="what the file holds")
        parser.add_argument("file", type=Path, help="a .csv or .json file")
        parser.add_argument(
            "--verified-on",
            type=datetime.date.fromisoformat,
            help="for law files without a verified_on column: the day their rows were checked "
            "against their sources (YYYY-MM-DD)",
        )
        parser.add_argument(
            "--keep-missing",
            action="store_true",
            help="keep records an earlier import brought in that this file no longer lists "
            "(by default resources are retired and laws removed)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            result = import_file(
                options["kind"],
                path,
                verified_on=options["verified_on"],
                keep_missing=options["keep_missing"],
            )
        except ImportRejected as rejected:
            json_file = path.suffix.lower() == ".json"
            for problem in rejected.problems:
                self.stderr.write(f"{path}: {describe(problem, json_file=json_file)}")
            raise CommandError(
                f"Nothing was imported: {len(rejected.problems)} problem(s) in {path}. "
                "Fix them and import the file again."
            ) from None
        self.stdout.write(
            f"Imported {result.total} {options['kind']} from {path}: {result.created} new, "
            f"{result.updated} updated, {result.unchanged} unchanged, "
            f"{len(result.withdrawn)} withdrawn."
        )
        for key in result.withdrawn:
            what = "retired" if options["kind"] == "resources" else "removed"
            self.stdout.write(f"  no longer in the file, {what}: {key}")
