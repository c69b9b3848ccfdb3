"""``notalone insights release``: make the statistics releases now (what the daily job does),
or a new edition of one month; ``notalone insights rebuild-facts``: refill the facts a release
reads from the stories (after an import)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from notalone.insights.facts import rebuild_facts
from notalone.insights.periods import BudgetExhausted, ReleaseRefused
from notalone.insights.release import release_closed_periods, release_period
from notalone.insights.snapshot import rebuild_snapshot


class Command(BaseCommand):
    help = "Differentially private statistics: make releases, or rebuild the facts they read."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        release = sub.add_parser("release", help="release every ended month not yet released")
        release.add_argument("--period", help="one month, YYYY-MM")
        release.add_argument(
            "--again",
            action="store_true",
            help="with --period: a new edition of a released month (spends more of its budget)",
        )
        sub.add_parser("rebuild-facts", help="refill the statistics' facts from the stories")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild-facts":
            self.stdout.write(f"{rebuild_facts()} stories count in the statistics.")
            return
        if options["again"] and not options["period"]:
            raise CommandError("--again needs --period (the month to release again).")
        if options["period"]:
            try:
                release = release_period(period=options["period"], again=options["again"])
            except BudgetExhausted as refusal:
                rebuild_snapshot()  # the dashboard says the month's budget is spent
                raise CommandError(str(refusal)) from None
            except ReleaseRefused as refusal:  # a malformed, unended or too early month
                raise CommandError(str(refusal)) from None
            rebuild_snapshot()
            made = [release]
        else:
            made = release_closed_periods()
        for release in made:
            self.stdout.write(f"released {release.period} edition {release.edition}")
        if not made:
            self.stdout.write("Nothing new to release.")
