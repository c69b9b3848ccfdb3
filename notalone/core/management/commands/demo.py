"""``notalone demo``: fictional demo data so a newcomer sees a living site.

Idempotent: running it twice changes nothing the second time. Every app that has demo
content provides ``<app>/demo.py`` with ``load_demo(stdout) -> None``. Refused in production,
because demo accounts have published passwords.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Load fictional demo data (idempotent). Refused when NOTALONE_ENV=production."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="load demo data even in production (demo passwords are public)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError(
                "Demo data is refused when NOTALONE_ENV=production: demo accounts have public "
                "passwords. Use NOTALONE_ENV=development, or --allow-production on a test site."
            )
        for config in apps.get_app_configs():
            if not config.name.startswith("notalone."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name == f"{config.name}.demo":
                    continue
                raise
            module.load_demo(self.stdout)
        self.stdout.write("Demo data is ready.")
