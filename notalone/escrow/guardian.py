"""One key guardian (ESCROW_PROTOCOL.md §7): a small WSGI service holding one share of the OPRF key.

It runs on its own, without Django and without the platform's database (``notalone guardian
serve``, or ``python -m notalone.escrow.guardian serve``), served by gunicorn, so an independent
organisation can run it on a tiny machine. This module is the guardian's logic, independent of
any HTTP server; ``guardian_server`` serves it (WSGI, gunicorn, the command line),
``guardian_keys`` holds its verified-filer keys. Its counters, invite codes and spent tokens live in a
SQLite file of its own (``guardian_store``), which survives restarts.

- ``POST /evaluate`` with ``Authorization: Bearer <token>`` (the platform's shared token) and
  ``{"account": "<key>", "elements": ["<hex>", ...], "token": {"nonce", "mac"}?}`` answers
  ``{"index": i, "evaluated": [...], "proof": "<hex>"}``: Zᵢⱼ = kᵢ·Eⱼ and one batched DLEQ proof.
- ``POST /redeem`` (bearer token) with ``{"code": "<hex HPKE>", "elements": [...]}``: in
  verified-filer mode, an invite code buys evaluation tokens (``crypto.tokens``).
- ``GET /health``: the public facts (index, realm, t, n, public shares, mode, token keys).
- ``GET /counts``: evaluations answered this hour, today and in each of the last 48 hours, with
  the limits: no identifier, no account, no address.

Limits (per UTC hour and day in total, per platform account key per day) are counted before the
elements are evaluated and after they are checked: a malformed element is a 400 that costs
nothing. Past a limit the answer is 429 with a ``detail`` that says which. The log holds counts
only: never an element, an account key or an address; its output streams and its log handlers
pass through ``notalone.core.redact``, gunicorn's through ``notalone.serving``.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from notalone.escrow.crypto import _ristretto as group
from notalone.escrow.crypto import threshold, tokens
from notalone.escrow.crypto.errors import EscrowCryptoError
from notalone.escrow.guardian_errors import GuardianRefusal as GuardianRefusal
from notalone.escrow.guardian_errors import refusal_body
from notalone.escrow.guardian_keys import GuardianKeys
from notalone.escrow.guardian_store import (
    GuardianStore,
    InviteRefused,
    LimitReached,
    Limits,
    TokenSpent,
    period_of,
)

logger = logging.getLogger("notalone.escrow.guardian")

MAX_ELEMENTS_PER_REQUEST = 32
MAX_BODY_BYTES = 16 * 1024
ACCOUNT_KEY_MAX_LENGTH = 128
#: Defaults an operator changes with --per-hour, --per-day and --per-account (OPERATING notes in
#: ESCROW_PROTOCOL.md §7.2): 2,000 evaluations a day is 400 filings naming a person by 5
#: identifiers, or 1,000 by 2; 300 an hour lets a sixth of that come in one hour.
DEFAULT_PER_HOUR = 300
DEFAULT_PER_DAY = 2000
DEFAULT_PER_ACCOUNT = 20
#: Verified-filer mode: one invite code buys this many tokens per period; one token pays for
#: one evaluation request of at most ``ELEMENTS_PER_TOKEN`` elements (one filing).
DEFAULT_TOKENS_PER_PERIOD = 4
DEFAULT_PERIOD_DAYS = 30
ELEMENTS_PER_TOKEN = 5
#: ``POST /check-invite``: checks answered per UTC hour in all, and per account key per UTC
#: day. A code has 130 random bits, so guessing is hopeless anyway; the limits keep the check
#: from being a free oracle, and live in the SQLite file (a restart empties nothing).
DEFAULT_CHECKS_PER_HOUR = 60
DEFAULT_CHECKS_PER_ACCOUNT = 10
KEYS_FILE_FORMAT = "notalone-guardian-keys"


class Guardian:
    """Guardian i's logic, independent of any HTTP server (demo mode calls it directly)."""

    def __init__(
        self,
        share_file: threshold.ShareFile,
        *,
        token: str | None,
        limits: Limits,
        store: GuardianStore,
        keys: GuardianKeys | None = None,
        verified: bool = False,
        tokens_per_period: int = DEFAULT_TOKENS_PER_PERIOD,
        period_days: int = DEFAULT_PERIOD_DAYS,
        check_limits: tuple[int, int] = (DEFAULT_CHECKS_PER_HOUR, DEFAULT_CHECKS_PER_ACCOUNT),
    ) -> None:
        if verified and keys is None:
            raise ValueError("verified-filer mode needs the guardian's token keys")
        self.share_file = share_file
        self.token = token
        self.limits = limits
        self.store = store
        self.keys = keys
        self.verified = verified
        self.tokens_per_period = tokens_per_period
        self.period_seconds = period_days * 86400
        #: invite-code checks (``POST /check-invite``): per UTC hour in all, per account a day
        self.check_limits = check_limits
        self._public_share = share_file.public_shares[share_file.index - 1]

    @property
    def index(self) -> int:
        return self.share_file.index

    def public_facts(self) -> dict[str, Any]:
        share = self.share_file
        facts: dict[str, Any] = {
            "index": share.index,
            "realm": share.realm.hex(),
            "t": share.t,
            "n": share.n,
            "public_shares": [p.hex() for p in share.public_shares],
            "mode": "verified" if self.verified else "open",
        }
        if self.verified and self.keys is not None:
            facts.update(
                token_key=self.keys.token_public.hex(),
                invite_key=self.keys.invite_public.hex(),
                keys_fingerprint=self.keys.fingerprint,
                tokens_per_period=self.tokens_per_period,
                period_days=self.period_seconds // 86400,
                elements_per_token=ELEMENTS_PER_TOKEN,
            )
        return facts

    def public_counts(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "limits": {
                "per_hour": self.limits.per_hour,
                "per_day": self.limits.per_day,
                "per_account_per_day": self.limits.per_account,
            },
            **self.store.counts(),
        }

    def _elements(self, elements: object, most: int) -> list[bytes]:
        """Decode and check blinded elements: 400 for anything malformed, before any count."""
        if not isinstance(elements, list) or not 1 <= len(elements) <= most:
            raise GuardianRefusal("element_count", most=most)
        try:
            blinded = [bytes.fromhex(element) for element in elements]
        except (TypeError, ValueError):
            raise GuardianRefusal("element_hex") from None
        for position, element in enumerate(blinded, start=1):
            try:
                group.check_element(element)
            except EscrowCryptoError:
                raise GuardianRefusal("element_invalid", position=position) from None
        return blinded

    def _request(self, account: object, elements: object, token: object) -> _Request:
        """Every check of an evaluation that writes nothing (ESCROW_PROTOCOL.md §7.1)."""
        if not isinstance(account, str) or not 1 <= len(account) <= ACCOUNT_KEY_MAX_LENGTH:
            raise GuardianRefusal("account_key")
        most = ELEMENTS_PER_TOKEN if self.verified else MAX_ELEMENTS_PER_REQUEST
        blinded = self._elements(elements, most)
        nonce = self._check_token(token, blinded) if self.verified else None
        return _Request(account, blinded, nonce)

    def _period(self) -> int:
        """The current invite-code period: the epoch of the tokens issued now."""
        return period_of(self.store.clock(), self.period_seconds)

    def check(self, account: object, elements: object, token: object = None) -> dict[str, Any]:
        """``POST /check``: would ``evaluate`` with this body be answered now? Runs every check
        (shape, elements, token, limits, spent nonce) and writes nothing, evaluates nothing.
        The platform checks at t guardians before it asks any of them to evaluate, so a filing
        one guardian would refuse costs the others nothing (§7.1)."""
        request = self._request(account, elements, token)
        try:
            self.store.would_take(
                request.account, len(request.blinded), self.limits, token_nonce=request.nonce
            )
        except LimitReached as reached:
            raise GuardianRefusal(f"limit_{reached.which}", limit=reached.limit) from None
        except TokenSpent:
            raise GuardianRefusal("token_spent") from None
        return {"index": self.index, "ok": True}

    def evaluate(self, account: object, elements: object, token: object = None) -> dict[str, Any]:
        """Answer hex blinded elements for ``account``; raises ``GuardianRefusal``."""
        request = self._request(account, elements, token)
        blinded = request.blinded
        try:
            hour, day = self.store.take(
                request.account,
                len(blinded),
                self.limits,
                token_nonce=request.nonce,
                # A nonce spent before the previous period began belongs to an expired token.
                spent_expire_before=(self._period() - tokens.TOKEN_LIFETIME_PERIODS + 1)
                * self.period_seconds,
            )
        except LimitReached as reached:
            raise GuardianRefusal(f"limit_{reached.which}", limit=reached.limit) from None
        except TokenSpent:
            raise GuardianRefusal("token_spent") from None
        answer = threshold.guardian_evaluate(
            self.share_file.share, blinded, public=self._public_share
        )
        logger.info("evaluated %d elements (%d this hour, %d today)", len(blinded), hour, day)
        return {
            "index": self.index,
            "evaluated": [element.hex() for element in answer.evaluated_elements],
            "proof": answer.proof.hex(),
        }

    def _check_token(self, token: object, blinded: list[bytes]) -> bytes:
        assert self.keys is not None
        if not isinstance(token, dict):
            raise GuardianRefusal("token_required", guardian=self.index)
        try:
            epoch = token["epoch"]
            nonce = bytes.fromhex(token["nonce"])
            mac = bytes.fromhex(token["mac"])
        except (KeyError, TypeError, ValueError):
            raise GuardianRefusal("token_malformed") from None
        if type(epoch) is not int or not 0 <= epoch < 2**32:
            raise GuardianRefusal("token_malformed")
        current = self._period()
        if epoch > current:
            raise GuardianRefusal("token_invalid", guardian=self.index)
        if not tokens.epoch_is_current(epoch, current):
            # Refused before the nonce is looked up: an expired token, spent or not, gets this.
            raise GuardianRefusal(
                "token_expired", guardian=self.index, days=self.period_seconds // 86400
            )
        if not tokens.check_token(self.keys.token_secret, epoch, nonce, mac, blinded):
            raise GuardianRefusal("token_invalid", guardian=self.index)
        return nonce

    def _open_code(self, sealed_code: object, blinded: list[bytes] | None) -> str:
        """The secret part of an invite code sealed to this guardian (for ``blinded``, or for
        a check when None); raises ``GuardianRefusal``."""
        if not self.verified or self.keys is None:
            raise GuardianRefusal("not_issuing")
        sealed = bytes.fromhex(sealed_code) if isinstance(sealed_code, str) else b""
        realm, index = self.share_file.realm, self.index
        try:
            if blinded is None:
                code = tokens.open_invite_check(self.keys.invite_secret, realm, index, sealed)
            else:
                code = tokens.open_invite(self.keys.invite_secret, realm, index, sealed, blinded)
            _, prefix, secret = tokens.parse_invite_code(code)
        except (ValueError, EscrowCryptoError):
            raise GuardianRefusal("invite_unreadable") from None
        if not self.keys.fingerprint.startswith(prefix):
            raise GuardianRefusal("invite_other_guardian")
        return secret

    def _invite_refused(self, refused: InviteRefused) -> GuardianRefusal:
        if refused.reason == "unknown":
            return GuardianRefusal("invite_unknown")
        return GuardianRefusal(
            "invite_used", tokens=self.tokens_per_period, days=self.period_seconds // 86400
        )

    def redeem(self, sealed_code: object, elements: object) -> dict[str, Any]:
        """Verified-filer mode: an invite code (sealed to this guardian) buys tokens. The same
        request again (same code, same elements: a retry, or a relay replaying it to use up the
        survivor's tokens) is answered again and costs nothing more: the answer is only of use
        to whoever holds the blinds, and it is dated with the period the request was paid in,
        so a replay in a later period yields only tokens that have expired."""
        if not self.verified or self.keys is None:
            raise GuardianRefusal("not_issuing")
        blinded = self._elements(elements, self.tokens_per_period)
        secret = self._open_code(sealed_code, blinded)
        try:
            epoch = self.store.redeem(
                secret,
                len(blinded),
                per_period=self.tokens_per_period,
                period_seconds=self.period_seconds,
                request=tokens.invite_aad(blinded),
            )
        except InviteRefused as refused:
            raise self._invite_refused(refused) from None
        evaluated, proof = tokens.issue(self.keys.token_secret, epoch, blinded)
        logger.info("issued %d tokens", len(blinded))
        return {
            "index": self.index,
            "epoch": epoch,
            "evaluated": [e.hex() for e in evaluated],
            "proof": proof.hex(),
        }

    def check_invite(self, account: object, sealed_code: object) -> dict[str, Any]:
        """``POST /check-invite``: is this invite code one of ours, and how many tokens can it
        still buy this period? Buys nothing. Every check (of a good code or a bad one) counts
        against ``check_limits`` in the SQLite file, before the code is looked up, so guessing
        codes here is as slow as the limits, across restarts."""
        if not isinstance(account, str) or not 1 <= len(account) <= ACCOUNT_KEY_MAX_LENGTH:
            raise GuardianRefusal("account_key")
        secret = self._open_code(sealed_code, None)
        per_hour, per_account = self.check_limits
        try:
            left, ends = self.store.check_invite(
                secret,
                account,
                per_hour=per_hour,
                per_account=per_account,
                per_period=self.tokens_per_period,
                period_seconds=self.period_seconds,
            )
        except LimitReached:
            raise GuardianRefusal("invite_check_limit") from None
        except InviteRefused as refused:
            raise self._invite_refused(refused) from None
        return {"index": self.index, "valid": True, "tokens_left": left, "period_ends": ends}

    def make_invites(self, count: int) -> list[str]:
        """``count`` new invite codes, stored (hashed) as redeemable."""
        if self.keys is None:
            raise ValueError("invite codes need the guardian's token keys")
        alphabet = "abcdefghijklmnopqrstuvwxyz234567"
        codes = []
        for _ in range(count):
            secret = "".join(secrets.choice(alphabet) for _ in range(26))
            codes.append(f"{self.index}-{self.keys.fingerprint[:16]}-{secret}")
        self.store.add_invites([tokens.parse_invite_code(c)[2] for c in codes])
        return codes

    def handle(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, dict[str, Any]]:
        """One HTTP exchange: (status, JSON body). Logs counts only."""
        if method == "GET" and path == "/health":
            return 200, self.public_facts()
        if method == "GET" and path == "/counts":
            return 200, self.public_counts()
        if path not in _POST_PATHS:
            return refusal_body("not_found")
        if method != "POST":
            return refusal_body("method")
        scheme, _, presented = headers.get("Authorization", "").partition(" ")
        if (
            self.token is None
            or scheme.lower() != "bearer"
            or not hmac.compare_digest(presented.strip().encode(), self.token.encode())
        ):
            logger.warning("refused one request: missing or wrong platform token")
            return refusal_body("unauthorized")
        try:
            request = json.loads(body)
            if not isinstance(request, dict):
                raise ValueError
            get = request.get
            if path == "/evaluate":
                answer = self.evaluate(get("account"), get("elements"), get("token"))
            elif path == "/check":
                answer = self.check(get("account"), get("elements"), get("token"))
            elif path == "/check-invite":
                answer = self.check_invite(get("account"), get("code"))
            else:
                answer = self.redeem(get("code"), get("elements"))
        except ValueError:
            return refusal_body("bad_request")
        except GuardianRefusal as refusal:
            logger.info("refused one request (%s %s)", refusal.status, refusal.code)
            return refusal.status, refusal.body()
        return 200, answer


_POST_PATHS = ("/evaluate", "/check", "/redeem", "/check-invite")


@dataclass(frozen=True)
class _Request:
    account: str
    blinded: list[bytes]
    nonce: bytes | None


def main(argv: Sequence[str] | None = None) -> int:
    """``notalone guardian`` and ``python -m notalone.escrow.guardian``: see ``guardian_server``."""
    from notalone.escrow.guardian_server import main as serve_main

    return serve_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
