"""Evaluation tokens for verified-filer mode (ESCROW_PROTOCOL.md §7.3): the Privacy Pass
architecture of RFC 9576, with tokens issued by this project's RFC 9497 POPRF (mode 2, suite
ristretto255-SHA512). This is not RFC 9578's token type (which is P-384 VOPRF with its own
wire format); it follows the same shape:

- **Issuance.** The client draws ``nonce`` (32 random bytes) per token and blinds
  ``token_input(nonce) = "NotAlone evaluation token v2" ‖ nonce``; the guardian (the issuer)
  evaluates the blinded elements with its token key ``skT`` and the public input
  ``epoch_info(epoch)``, where ``epoch`` is the number of the current invite-code period, and
  proves it with a batched DLEQ proof against its published ``pkT`` tweaked by that epoch, so it
  cannot tag one client with a key (or an epoch) of its own. The client verifies and finalizes:
  ``key = Finalize(token_input(nonce), blind, Z, epoch_info(epoch))`` (64 bytes). The guardian
  never sees ``nonce`` or ``key`` at issuance: a spent token cannot be linked to the redemption
  that issued it beyond its epoch.
- **Redemption** (spending). With an evaluation request the client sends ``epoch``, ``nonce``
  and ``mac = HMAC-SHA256(key, "NotAlone token request v2" ‖ E₁ ‖ … ‖ E_m)`` over the blinded
  elements it asks to evaluate. The guardian refuses an epoch outside the token's lifetime
  (``TOKEN_LIFETIME_PERIODS``), recomputes ``key = Evaluate(skT, token_input(nonce),
  epoch_info(epoch))`` and checks ``mac``: a relay that sees the token cannot spend it on other
  elements, and a client cannot move a token to a later epoch (its key would differ). The
  guardian records ``nonce`` as spent (once).

Invite codes, which buy tokens, travel sealed to the guardian with HPKE (``seal_invite``): the
relay in between cannot read or reuse them.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from notalone.core.ids import parse_hex, parse_positive_int
from notalone.escrow.crypto import _cipher, oprf
from notalone.escrow.crypto._ristretto import random_bytes

NONCE_SIZE = 32
MAC_SIZE = 32
TOKEN_LABEL = b"NotAlone evaluation token v2"
REQUEST_LABEL = b"NotAlone token request v2"
INVITE_LABEL = b"NotAlone invite v2"
EPOCH_LABEL = b"NotAlone token epoch v2"
#: A token issued in period p is accepted while the current period is p or p + 1: from a few
#: seconds to two periods (30 to 60 days with the default ``--period-days 30``). So a code's
#: tokens cannot be hoarded: at most two periods' tokens can be spent within one period.
TOKEN_LIFETIME_PERIODS = 2


def epoch_info(epoch: int) -> bytes:
    """The POPRF public input of a token issued in invite-code period ``epoch``."""
    if not 0 <= epoch < 2**32:
        raise ValueError("a token epoch is a period number, 0 to 2**32 - 1")
    return EPOCH_LABEL + epoch.to_bytes(4, "big")


def plausible_epoch(epoch: object, period_days: object, now: float) -> bool:
    """Client side: is ``epoch``, which a guardian dated new tokens with, the period of ``now``?

    One period apart is forgiven (clocks straddling a period's start); anything else is
    refused, since an epoch of the guardian's choosing for each client would tag its tokens.
    """
    if type(epoch) is not int or type(period_days) is not int or period_days < 1:
        return False
    return abs(epoch - int(now) // (period_days * 86400)) <= 1


def epoch_is_current(epoch: int, current: int) -> bool:
    """Is a token of ``epoch`` still good when the period is ``current``?"""
    return current - TOKEN_LIFETIME_PERIODS < epoch <= current


def token_input(nonce: bytes) -> bytes:
    if len(nonce) != NONCE_SIZE:
        raise ValueError(f"a token nonce is {NONCE_SIZE} bytes")
    return TOKEN_LABEL + nonce


@dataclass(frozen=True)
class TokenRequest:
    """The client's side of an issuance: nonces and blinds kept, blinded elements sent."""

    nonces: tuple[bytes, ...]
    blinds: tuple[bytes, ...]
    blinded: tuple[bytes, ...]


@dataclass(frozen=True)
class Token:
    """One evaluation token for one guardian: spend it once with ``authenticate``."""

    guardian: int
    nonce: bytes
    key: bytes
    #: the invite-code period it was issued in (the POPRF's public input)
    epoch: int

    def authenticate(self, elements: Sequence[bytes]) -> dict[str, str | int]:
        """The wire form presented with an evaluation of ``elements``: {"epoch", "nonce",
        "mac"}, the bytes in hex."""
        return {
            "epoch": self.epoch,
            "nonce": self.nonce.hex(),
            "mac": request_mac(self.key, elements).hex(),
        }


def request_mac(key: bytes, elements: Sequence[bytes]) -> bytes:
    return hmac.new(key, REQUEST_LABEL + b"".join(elements), hashlib.sha256).digest()


def token_request(count: int) -> TokenRequest:
    """``count`` fresh token nonces, blinded (RFC 9497 Blind, mode 2)."""
    nonces = tuple(random_bytes(NONCE_SIZE) for _ in range(count))
    pairs = [oprf.blind(token_input(n), mode=oprf.MODE_POPRF) for n in nonces]
    return TokenRequest(nonces, tuple(b for b, _ in pairs), tuple(e for _, e in pairs))


def issue(
    secret_key: bytes, epoch: int, blinded: Sequence[bytes], r: bytes | None = None
) -> tuple[list[bytes], bytes]:
    """Guardian side: evaluate the blinded token inputs for ``epoch`` and prove it (RFC 9497
    §3.3.3)."""
    return oprf.poprf_blind_evaluate(secret_key, epoch_info(epoch), blinded, r)


def finalize_tokens(
    guardian: int,
    request: TokenRequest,
    evaluated: Sequence[bytes],
    proof: bytes,
    public_key: bytes,
    epoch: int,
) -> list[Token]:
    """Client side: verify the issuer's proof against ``public_key`` tweaked by ``epoch`` and
    unblind. The caller checks that ``epoch`` is the current period (a guardian giving each
    client an epoch of its own would tag it).

    Raises ``ProofVerificationError`` when the proof fails (a guardian tagging this client).
    """
    keys = oprf.poprf_finalize(
        [token_input(n) for n in request.nonces],
        request.blinds,
        evaluated,
        request.blinded,
        public_key,
        proof,
        epoch_info(epoch),
    )
    return [Token(guardian, n, k, epoch) for n, k in zip(request.nonces, keys, strict=True)]


def check_token(
    secret_key: bytes, epoch: int, nonce: bytes, mac: bytes, elements: Sequence[bytes]
) -> bool:
    """Guardian side: is ``mac`` the request MAC under the key this guardian issued for
    ``nonce`` in ``epoch``? (Whether ``epoch`` is still good is ``epoch_is_current``.)"""
    if len(nonce) != NONCE_SIZE or len(mac) != MAC_SIZE:
        return False
    key = oprf.poprf_evaluate(secret_key, token_input(nonce), epoch_info(epoch))
    return hmac.compare_digest(request_mac(key, elements), mac)


def invite_info(realm: bytes, guardian: int) -> bytes:
    return INVITE_LABEL + realm + guardian.to_bytes(1, "big")


def invite_aad(blinded: Sequence[bytes]) -> bytes:
    """The sealed code is bound to the blinded token inputs it buys: a relay cannot move it."""
    return hashlib.sha256(b"".join(blinded)).digest()


def seal_invite(
    invite_public_key: bytes, realm: bytes, guardian: int, code: str, blinded: Sequence[bytes]
) -> bytes:
    """HPKE-seal an invite code to guardian ``guardian`` (RFC 9180 base mode, §5's suite)."""
    return _cipher.hpke_seal(
        invite_public_key, invite_info(realm, guardian), invite_aad(blinded), code.encode()
    )


def open_invite(
    invite_private_key: bytes, realm: bytes, guardian: int, sealed: bytes, blinded: Sequence[bytes]
) -> str:
    """Guardian side of ``seal_invite``; raises ``TamperedCiphertext``."""
    plain = _cipher.hpke_open(
        invite_private_key,
        invite_info(realm, guardian),
        invite_aad(blinded),
        sealed,
        "the invite code",
    )
    return plain.decode("utf-8", errors="replace")


#: The aad of a code sealed for a check (``POST /check-invite``): 24 bytes, so it can never equal
#: a redemption's aad (a 32-byte hash): a sealed check cannot be redeemed, nor a redemption
#: replayed as a check.
INVITE_CHECK_AAD = b"NotAlone invite check v2"


def seal_invite_check(invite_public_key: bytes, realm: bytes, guardian: int, code: str) -> bytes:
    """HPKE-seal an invite code to guardian ``guardian`` for a check, which buys nothing."""
    return _cipher.hpke_seal(
        invite_public_key, invite_info(realm, guardian), INVITE_CHECK_AAD, code.encode()
    )


def open_invite_check(invite_private_key: bytes, realm: bytes, guardian: int, sealed: bytes) -> str:
    """Guardian side of ``seal_invite_check``; raises ``TamperedCiphertext``."""
    plain = _cipher.hpke_open(
        invite_private_key,
        invite_info(realm, guardian),
        INVITE_CHECK_AAD,
        sealed,
        "the invite code",
    )
    return plain.decode("utf-8", errors="replace")


def keys_fingerprint(invite_public_key: bytes, token_public_key: bytes) -> str:
    """SHA-256 of both public keys, hex: its first 16 characters are printed in every invite
    code, so a client seals a code only to the keys of the organisation that gave it."""
    return hashlib.sha256(invite_public_key + token_public_key).hexdigest()


def parse_invite_code(code: str) -> tuple[int, str, str]:
    """``"<guardian>-<16 hex of the keys' fingerprint>-<secret>"`` → (guardian, prefix, secret).

    Raises ValueError for anything else. Spaces and case are forgiven (codes are typed).
    """
    parts = code.strip().lower().replace(" ", "").split("-")
    # ASCII digits only, through the one parser of identifiers ("٣".isdigit() is true too).
    guardian = parse_positive_int(parts[0]) if len(parts) == 3 else None
    if guardian is None or parse_hex(parts[1], length=8) is None or len(parts[2]) != 26:
        raise ValueError("not an invite code")
    return guardian, parts[1], parts[2]
