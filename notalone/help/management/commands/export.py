"""``notalone export KIND [--format csv|json] [--output FILE]``: what ``import`` reads back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from notalone.help.exchange import KINDS, export_text


class Command(BaseCommand):
    help = "Export help resources (resources), NDA laws (nda-laws) or C190 ratifications (c190)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS), help="what to export")
        parser.add_argument("--format", choices=("csv", "json"), default="csv")
        parser.add_argument("--output", type=Path, help="write to this file, not to stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        text = export_text(options["kind"], options["format"])
        output: Path | None = options["output"]
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8", newline="")  # CSV lines end in CRLF
            self.stderr.write(f"Wrote {output}.")
