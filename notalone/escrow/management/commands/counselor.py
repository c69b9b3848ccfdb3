"""``notalone counselor keygen|open``: the counselor's key pair and opening released matches.

Both run on the counselor's own machine. ``keygen`` writes the private key only inside a file
locked with a passphrase (Argon2id + ChaCha20-Poly1305); ``open`` fetches released entries
through the API with the counselor's token (read from a file or the environment, never from
the command line, where ``ps`` and the shell's history would show it), opens them here and
writes a report.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from notalone.escrow.client import (
    EscrowClientError,
    check_site_url,
    http_transport,
    released_matches,
)
from notalone.escrow.counselor import counted, open_released, report
from notalone.escrow.crypto import keyfile
from notalone.escrow.crypto.errors import EscrowCryptoError, WrongPassphrase

MIN_PASSPHRASE = 12
TOKEN_VARIABLE = "NOTALONE_COUNSELOR_TOKEN"  # noqa: S105 (the name of a variable)


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


class Command(BaseCommand):
    help = "The counselor's key pair (keygen) and opening released matches (open)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        keygen = actions.add_parser("keygen", help="make the counselor's key pair")
        keygen.add_argument("--out", type=Path, required=True, help="the new key file")
        keygen.add_argument("--passphrase-file", type=Path, help="read the passphrase (tests)")
        # No abbreviations: an old `--token SECRET` must be refused, not read as --token-file.
        opener = actions.add_parser(
            "open", help="open released matches and write a report", allow_abbrev=False
        )
        opener.add_argument("--url", required=True, help="the site, e.g. https://example.org/")
        # Never the token itself on the command line: `ps` and the shell's history would keep it.
        opener.add_argument(
            "--token-file",
            type=Path,
            help=f"a file holding the counselor's API token (else ${TOKEN_VARIABLE})",
        )
        opener.add_argument("--key", type=Path, required=True, help="the counselor's key file")
        opener.add_argument("--passphrase-file", type=Path)
        opener.add_argument("--out", type=Path, required=True, help="the report to write")

    def _passphrase(self, options: dict[str, Any], *, twice: bool) -> str:
        if options.get("passphrase_file"):
            try:
                return Path(options["passphrase_file"]).read_text().rstrip("\n")
            except OSError as error:
                raise CommandError(f"Cannot read the passphrase file: {error.strerror}") from None
        first = getpass.getpass("Passphrase for the counselor key: ")
        if twice:
            if len(first) < MIN_PASSPHRASE:
                raise CommandError(f"Use a passphrase of {MIN_PASSPHRASE} characters or more.")
            if getpass.getpass("The same passphrase again: ") != first:
                raise CommandError("The two passphrases differ: nothing was written.")
        return first

    def _token(self, options: dict[str, Any]) -> str:
        """The API token from --token-file, else from $NOTALONE_COUNSELOR_TOKEN."""
        path: Path | None = options.get("token_file")
        if path is not None:
            try:
                token = path.read_text().strip()
            except OSError as error:
                raise CommandError(f"Cannot read the token file: {error.strerror}") from None
            if not token:
                raise CommandError(f"The token file {path} is empty.")
            return token
        token = os.environ.get(TOKEN_VARIABLE, "").strip()
        if not token:
            raise CommandError(
                f"Give the API token in a file (--token-file PATH) or in ${TOKEN_VARIABLE}. "
                "Make one on the site: Counselor page, then “Make a token”."
            )
        return token

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "keygen":
            self._keygen(options)
        else:
            self._open(options)

    def _keygen(self, options: dict[str, Any]) -> None:
        out: Path = options["out"]
        if out.exists():
            raise CommandError(f"{out} exists: a key file is never overwritten.")
        passphrase = self._passphrase(options, twice=True)
        if not passphrase:
            raise CommandError("The passphrase is empty.")
        private, public = keyfile.generate_keypair()
        try:
            _write_private(out, keyfile.lock_private_key(private, passphrase))
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from None
        self.stdout.write(
            f"Wrote {out} (keep it, and the passphrase, on this machine only).\n"
            f"Public key: {public.hex()}\n"
            f"Fingerprint: {keyfile.fingerprint(public)}\n"
            f"On the platform: NOTALONE_ESCROW_COUNSELOR_PUBLIC_KEY={public.hex()}"
        )

    def _open(self, options: dict[str, Any]) -> None:
        # Before the passphrase is asked for: the token never goes over plain http elsewhere.
        try:
            check_site_url(options["url"])
        except EscrowClientError as error:
            raise CommandError(error.detail) from None
        try:
            blob = Path(options["key"]).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read the key file: {error.strerror}") from None
        passphrase = self._passphrase(options, twice=False)
        try:
            private = keyfile.unlock_private_key(blob, passphrase)
        except WrongPassphrase:
            raise CommandError(
                "That passphrase does not unlock this key file. Nothing was fetched; try again."
            ) from None
        except EscrowCryptoError as error:
            raise CommandError(f"The key file cannot be used: {error}") from None
        token = self._token(options)
        transport = http_transport(options["url"], token)
        try:
            matches = released_matches(transport)
        except EscrowClientError as error:
            raise CommandError(f"The site refused: {error.detail}") from None
        opened = [open_released(match, counselor_private_key=private) for match in matches]
        out: Path = options["out"]
        try:
            if out.exists():
                out.unlink()
            _write_private(out, report(opened, site=options["url"]).encode())
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from None
        records = sum(len(m.records) for m in opened)
        malformed = sum(len(m.malformed) for m in opened)
        self.stdout.write(
            f"Opened {counted(records, 'entry', 'entries')} in "
            f"{counted(len(opened), 'match', 'matches')}"
            + (
                f"; {counted(malformed, 'malformed entry', 'malformed entries')} named in the report"
                if malformed
                else ""
            )
            + f". Report: {out}"
        )
