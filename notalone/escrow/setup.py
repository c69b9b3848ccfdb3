"""The escrow's public configuration, and the demo guardians.

``escrow init`` writes one share file per guardian and ``escrow.json``: the public part (realm,
t, n, quorum, the guardians' public shares). The platform reads only ``escrow.json`` from
``NOTALONE_ESCROW_SHARES_DIR``; each guardian keeps its own share file. In demo mode
(``NOTALONE_ESCROW_GUARDIANS=demo``) the platform deals a 2-of-3 set-up into that directory on
first use and runs the three guardians itself: the operator page says so.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from notalone.escrow.crypto import threshold
from notalone.escrow.crypto.entry import PROTOCOL_VERSION
from notalone.escrow.crypto.errors import EscrowCryptoError
from notalone.escrow.crypto.keyfile import fingerprint
from notalone.escrow.guardian import Guardian
from notalone.escrow.guardian_keys import GuardianKeys
from notalone.escrow.guardian_store import GuardianStore, Limits

PUBLIC_FILE = "escrow.json"
PUBLIC_FILE_VERSION = 1
DEMO_THRESHOLD, DEMO_GUARDIANS = 2, 3


class EscrowNotReady(Exception):
    """The escrow is not configured; the message tells the operator what is missing."""


@dataclass(frozen=True)
class EscrowSetup:
    realm: bytes
    q: int
    t: int
    n: int
    public_shares: tuple[bytes, ...]
    counselor_public_key: bytes
    demo: bool
    guardian_urls: tuple[str, ...]

    def public(self) -> dict[str, Any]:
        """What a client needs, with the fingerprints people compare (ESCROW_PROTOCOL.md §11)."""
        return {
            "version": PROTOCOL_VERSION,
            "realm": self.realm.hex(),
            "q": self.q,
            "t": self.t,
            "n": self.n,
            "demo": self.demo,
            "public_shares": [p.hex() for p in self.public_shares],
            "public_share_fingerprints": [fingerprint(p) for p in self.public_shares],
            "counselor_public_key": self.counselor_public_key.hex(),
            "counselor_fingerprint": fingerprint(self.counselor_public_key),
        }


def public_file_body(dealing: threshold.Dealing, *, t: int, n: int, quorum: int) -> dict[str, Any]:
    return {
        "version": PUBLIC_FILE_VERSION,
        "realm": dealing.realm.hex(),
        "t": t,
        "n": n,
        "quorum": quorum,
        "public_shares": [p.hex() for p in dealing.public_shares],
    }


def write_secret_json(path: Path, body: dict[str, Any]) -> None:
    """Write ``body`` to a new file only the owner can read; refuse to overwrite."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(body, handle, indent=2)
        handle.write("\n")


def write_dealing(directory: Path, *, t: int, n: int, quorum: int) -> threshold.Dealing:
    """``escrow init``: deal a fresh key into ``directory`` (share files and escrow.json)."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    existing = [p.name for p in directory.glob("guardian-*.json")]
    if (directory / PUBLIC_FILE).exists() or existing:
        raise FileExistsError(
            f"{directory} already holds an escrow set-up: a second one would orphan every entry"
        )
    dealing = threshold.deal(t, n)
    for body in dealing.share_files:
        write_secret_json(directory / f"guardian-{body['index']}.json", dict(body))
    write_secret_json(directory / PUBLIC_FILE, public_file_body(dealing, t=t, n=n, quorum=quorum))
    return dealing


_lock = threading.Lock()
_demo_guardians: dict[tuple[str, int, bool], Guardian] = {}


def _demo_directory() -> Path:
    return Path(settings.ESCROW_SHARES_DIR)


def _ensure_demo_dealing() -> None:
    directory = _demo_directory()
    with _lock:
        if not (directory / PUBLIC_FILE).exists():
            write_dealing(
                directory, t=DEMO_THRESHOLD, n=DEMO_GUARDIANS, quorum=settings.ESCROW_QUORUM
            )


def demo_guardians() -> list[Guardian]:
    """The in-process guardians of demo mode, loaded once per share directory."""
    _ensure_demo_dealing()
    directory = _demo_directory()
    guardians = []
    with _lock:
        for index in range(1, DEMO_GUARDIANS + 1):
            verified = settings.ESCROW_FILERS == "verified"
            key = (str(directory), index, verified)
            if key not in _demo_guardians:
                share = threshold.load_share_file(
                    json.loads((directory / f"guardian-{index}.json").read_text())
                )
                limits = Limits(
                    per_hour=settings.ESCROW_DEMO_EVALUATIONS_PER_DAY,
                    per_day=settings.ESCROW_DEMO_EVALUATIONS_PER_DAY,
                    per_account=settings.ESCROW_DEMO_EVALUATIONS_PER_ACCOUNT,
                )
                # The demo guardians count like real ones, in a file beside their shares.
                store = GuardianStore(directory / f"guardian-{index}.sqlite3")
                keys = (
                    GuardianKeys.load_or_create(directory / f"guardian-{index}-keys.json")
                    if verified
                    else None
                )
                _demo_guardians[key] = Guardian(
                    share, token=None, limits=limits, store=store, keys=keys, verified=verified
                )
            guardians.append(_demo_guardians[key])
    return guardians


def reset_demo_guardians() -> None:
    """Forget loaded demo guardians and their counters (tests change the share directory)."""
    with _lock:
        _demo_guardians.clear()


def _read_public_file(directory: Path) -> dict[str, Any]:
    path = directory / PUBLIC_FILE
    try:
        body: dict[str, Any] = json.loads(path.read_text())
    except FileNotFoundError:
        raise EscrowNotReady(
            _(
                "%(path)s is missing: run `notalone escrow init` and copy its escrow.json there "
                "(or set NOTALONE_ESCROW_SHARES_DIR)."
            )
            % {"path": path}
        ) from None
    except (OSError, ValueError) as error:
        raise EscrowNotReady(
            _("%(path)s cannot be read: %(error)s") % {"path": path, "error": error}
        ) from None
    return body


_checked: dict[tuple[object, ...], EscrowSetup] = {}


def escrow_setup() -> EscrowSetup:
    """The configured escrow, or ``EscrowNotReady`` saying what the operator must set.

    Every filing asks for it twice; the checked result is kept while the settings it depends on
    and ``escrow.json`` (its size and modification time) stay the same.
    """
    if not settings.ESCROW_GUARDIANS:
        raise EscrowNotReady(
            _(
                "No guardians are configured: set NOTALONE_ESCROW_GUARDIANS to their URLs "
                "(or to demo)."
            )
        )
    if settings.ESCROW_DEMO:
        _ensure_demo_dealing()
    directory = str(settings.ESCROW_SHARES_DIR)
    try:
        stat = os.stat(os.path.join(directory, PUBLIC_FILE))
    except OSError:
        stat = None
    key = (
        tuple(settings.ESCROW_GUARDIANS),
        settings.ESCROW_DEMO,
        directory,
        settings.ESCROW_REALM,
        settings.ESCROW_QUORUM,
        settings.ESCROW_COUNSELOR_PUBLIC_KEY,
        None if stat is None else (stat.st_mtime_ns, stat.st_size, stat.st_ino),
    )
    if stat is not None and key in _checked:
        return _checked[key]
    checked = _escrow_setup()
    if stat is not None:
        _checked.clear()
        _checked[key] = checked
    return checked


def _escrow_setup() -> EscrowSetup:
    body = _read_public_file(_demo_directory())
    try:
        if body.get("version") != PUBLIC_FILE_VERSION:
            raise ValueError("unknown version")
        realm = bytes.fromhex(body["realm"])
        t, n, quorum = int(body["t"]), int(body["n"]), int(body["quorum"])
        public_shares = tuple(bytes.fromhex(p) for p in body["public_shares"])
        if len(realm) != threshold.REALM_SIZE or len(public_shares) != n or not 1 <= t <= n:
            raise ValueError("inconsistent realm, t, n or public shares")
    except (KeyError, TypeError, ValueError, EscrowCryptoError) as error:
        raise EscrowNotReady(
            _("%(file)s is not valid: %(error)s") % {"file": PUBLIC_FILE, "error": error}
        ) from None
    if settings.ESCROW_REALM and settings.ESCROW_REALM.lower() != realm.hex():
        raise EscrowNotReady(
            _(
                "NOTALONE_ESCROW_REALM does not match %(file)s: the platform and the guardians "
                "would be in different escrows."
            )
            % {"file": PUBLIC_FILE}
        )
    if quorum != settings.ESCROW_QUORUM:
        raise EscrowNotReady(
            _(
                "The escrow was set up with quorum %(quorum)d but NOTALONE_ESCROW_QUORUM is "
                "%(setting)d: the quorum cannot change for an existing realm."
            )
            % {"quorum": quorum, "setting": settings.ESCROW_QUORUM}
        )
    urls = () if settings.ESCROW_DEMO else tuple(settings.ESCROW_GUARDIANS)
    if not settings.ESCROW_DEMO and len(urls) != n:
        raise EscrowNotReady(
            _("NOTALONE_ESCROW_GUARDIANS lists %(urls)d URLs but the escrow has %(n)d guardians.")
            % {"urls": len(urls), "n": n}
        )
    raw_key = settings.ESCROW_COUNSELOR_PUBLIC_KEY
    if not raw_key:
        raise EscrowNotReady(
            _(
                "No counselor key: run `notalone counselor keygen` on the counselor's machine "
                "and set NOTALONE_ESCROW_COUNSELOR_PUBLIC_KEY to the public key it prints."
            )
        )
    try:
        counselor_key = bytes.fromhex(raw_key)
        if len(counselor_key) != 32:
            raise ValueError
    except ValueError:
        raise EscrowNotReady(
            _("NOTALONE_ESCROW_COUNSELOR_PUBLIC_KEY is not a 32-byte key in hex (64 characters).")
        ) from None
    return EscrowSetup(
        realm=realm,
        q=quorum,
        t=t,
        n=n,
        public_shares=public_shares,
        counselor_public_key=counselor_key,
        demo=settings.ESCROW_DEMO,
        guardian_urls=urls,
    )
