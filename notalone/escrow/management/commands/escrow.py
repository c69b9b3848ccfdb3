"""``notalone escrow init|approve|status``: the escrow's one-time set-up and its levers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from notalone.accounts.models import User
from notalone.core.ids import digits_argument
from notalone.escrow import services
from notalone.escrow.crypto.keyfile import fingerprint
from notalone.escrow.setup import EscrowNotReady, escrow_setup, write_dealing


class Command(BaseCommand):
    help = "Set up the escrow's key guardians, approve filers, or check the configuration."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        init = actions.add_parser("init", help="deal a new OPRF key to n guardians (once)")
        init.add_argument(
            "--guardians", type=digits_argument(), required=True, help="n, the number of guardians"
        )
        init.add_argument(
            "--threshold", type=digits_argument(), required=True, help="t guardians must answer"
        )
        init.add_argument(
            "--quorum", type=digits_argument(), required=True, help="q survivors reveal a match"
        )
        init.add_argument("--out", type=Path, required=True, help="a new, empty directory")
        approve = actions.add_parser("approve", help="let an account file (FILERS=approved)")
        approve.add_argument("username")
        actions.add_parser("status", help="check the configuration and print the fingerprints")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "init":
            self._init(options)
        elif action == "approve":
            try:
                user = User.objects.get_by_natural_key(options["username"])
            except User.DoesNotExist:
                raise CommandError(f"No account is called {options['username']!r}.") from None
            services.escrow_approve_filer(account=user)
            self.stdout.write(f"{user.username} may now file escrow entries.")
        else:
            self._status()

    def _init(self, options: dict[str, Any]) -> None:
        n, t, q = options["guardians"], options["threshold"], options["quorum"]
        if not 1 <= t <= n <= 255:
            raise CommandError("Need 1 ≤ threshold ≤ guardians ≤ 255.")
        if not 2 <= q <= 255:
            raise CommandError("The quorum is at least 2: one survivor alone reveals nothing.")
        out: Path = options["out"]
        try:
            dealing = write_dealing(out, t=t, n=n, quorum=q)
        except (FileExistsError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Realm {dealing.realm.hex()}: {t} of {n} guardians, quorum {q}.")
        for index, share in enumerate(dealing.public_shares, start=1):
            self.stdout.write(f"  guardian-{index}.json  public share {fingerprint(share)}")
        self.stdout.write(
            "  escrow.json  public part for the platform (NOTALONE_ESCROW_SHARES_DIR)\n"
            "Give each guardian its own file by hand and delete it here; the full key was never "
            "written anywhere. Publish the fingerprints above where survivors can compare them."
        )

    def _status(self) -> None:
        try:
            setup = escrow_setup()
        except EscrowNotReady as error:
            raise CommandError(str(error)) from None
        mode = "DEMO: guardians run inside the platform" if setup.demo else "independent guardians"
        self.stdout.write(
            f"Realm {setup.realm.hex()}: {setup.t} of {setup.n} guardians ({mode}), quorum {setup.q}."
        )
        self.stdout.write(f"Counselor key {fingerprint(setup.counselor_public_key)}")
        for index, share in enumerate(setup.public_shares, start=1):
            self.stdout.write(f"Guardian {index}  {fingerprint(share)}")
