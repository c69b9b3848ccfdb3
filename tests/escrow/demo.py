"""The escrow's demo set-up and the counselor's command lines, shared by the escrow tests and
the browser tests: the settings of a demo escrow are written here once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management import call_command

from notalone.escrow import setup as escrow_setup_module


@contextmanager
def demo_guardians(settings: Any, shares: Path, counselor_public_key: str) -> Iterator[Path]:
    """Demo guardians (2 of 3) dealt into ``shares``, quorum 2, for this test only."""
    settings.ESCROW_GUARDIANS = ["demo"]
    settings.ESCROW_DEMO = True
    settings.ESCROW_SHARES_DIR = shares
    settings.ESCROW_QUORUM = 2
    settings.ESCROW_REALM = None
    settings.ESCROW_MIN_ACCOUNT_DAYS = 0
    settings.ESCROW_COUNSELOR_PUBLIC_KEY = counselor_public_key
    escrow_setup_module.reset_demo_guardians()
    try:
        yield shares
    finally:
        escrow_setup_module.reset_demo_guardians()


def keygen(out: Path, passphrase_file: Path) -> None:
    call_command(
        "counselor", "keygen", "--out", str(out), "--passphrase-file", str(passphrase_file)
    )


def counselor_open(
    url: str,
    *,
    key: Path,
    out: Path,
    passphrase_file: Path | None = None,
    token: tuple[str, ...] = (),
) -> None:
    """``notalone counselor open``; ``token`` is the token's arguments (``--token-file PATH``)."""
    passphrase = ("--passphrase-file", str(passphrase_file)) if passphrase_file else ()
    call_command(
        "counselor", "open", "--url", url, *token, "--key", str(key), *passphrase, "--out", str(out)
    )


def token_file(directory: Path, token: str) -> tuple[str, str]:
    """The arguments that give the token in a file of its own."""
    path = directory / "token.txt"
    path.write_text(token + "\n")
    return ("--token-file", str(path))
