"""``notalone guardian serve --share FILE [--host H] [--port P]``: run one key guardian.

The guardian needs no database and no Django: this command replaces itself with the small
stand-alone process ``python -m notalone.escrow.guardian``, which a guardian's machine can also
run directly (it needs none of the platform's settings).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run one escrow key guardian (see docs/ESCROW_OPERATING.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["serve"])
        parser.add_argument("rest", nargs="*", help="--share FILE [--host H] [--port P] ...")

    def run_from_argv(self, argv: list[str]) -> None:
        # Everything after "serve" belongs to the guardian's own parser.
        if len(argv) < 3 or argv[2] != "serve":
            raise CommandError("usage: notalone guardian serve --share FILE [--host H] [--port P]")
        python = sys.executable
        os.execv(python, [python, "-m", "notalone.escrow.guardian", *argv[3:]])  # noqa: S606

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError("usage: notalone guardian serve --share FILE [--host H] [--port P]")
