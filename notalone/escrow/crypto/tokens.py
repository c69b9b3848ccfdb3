"""Evaluation tokens for verified-filer mode (ESCROW_PROTOCOL.md §7.3): the Privacy Pass
architecture of RFC 9576, with tokens issued by this project's RFC 9497 VOPRF (mode 1, suite
ristretto255-SHA512). This is not RFC 9578's token type (which is P-384 VOPRF with its own
wire format); it follows the same shape:

- **Issuance.** The client draws ``nonce`` (32 random bytes) per token and blinds
  ``token_input(nonce) = "NotAlone evaluation token v2" ‖ nonce``; the guardian (the issuer)
  evaluates the blinded elements with its token key ``skT`` and proves it with a batched DLEQ
  proof against its published ``pkT``, so it cannot tag one client with a key of its own. The
  client verifies and finalizes: ``key = Finalize(token_input(nonce), blind, Z)`` (64 bytes).
  The guardian never sees ``nonce`` or ``key`` at issuance: a spent token cannot be linked to
  the redemption that issued it.
- **Redemption** (spending). With an evaluation request the client sends ``nonce`` and
  ``mac = HMAC-SHA256(key, "NotAlone token request v2" ‖ E₁ ‖ … ‖ E_m)`` over the blinded
  elements it asks to evaluate. The guardian recomputes ``key = Evaluate(skT, token_input(nonce))``
  and checks ``mac``: a relay that sees the token cannot spend it on other elements. The
  guardian records ``nonce`` as spent (once).

Invite codes, which buy tokens, travel sealed to the guardian with HPKE (``seal_invite``): the
relay in between cannot read or reuse them.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from notalone.escrow.crypto import _cipher, oprf
from notalone.escrow.crypto._ristretto import random_bytes

NONCE_SIZE = 32
MAC_SIZE = 32
TOKEN_LABEL = b"NotAlone evaluation token v2"
REQUEST_LABEL = b"NotAlone token request v2"
INVITE_LABEL = b"NotAlone invite v2"


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

    def authenticate(self, elements: Sequence[bytes]) -> dict[str, str]:
        """The wire form presented with an evaluation of ``elements``: {"nonce", "mac"} in hex."""
        return {"nonce": self.nonce.hex(), "mac": request_mac(self.key, elements).hex()}


def request_mac(key: bytes, elements: Sequence[bytes]) -> bytes:
    return hmac.new(key, REQUEST_LABEL + b"".join(elements), hashlib.sha256).digest()


def token_request(count: int) -> TokenRequest:
    """``count`` fresh token nonces, blinded (RFC 9497 Blind, mode 1)."""
    nonces = tuple(random_bytes(NONCE_SIZE) for _ in range(count))
    pairs = [oprf.blind(token_input(n), mode=oprf.MODE_VOPRF) for n in nonces]
    return TokenRequest(nonces, tuple(b for b, _ in pairs), tuple(e for _, e in pairs))


def issue(
    secret_key: bytes, public_key: bytes, blinded: Sequence[bytes]
) -> tuple[list[bytes], bytes]:
    """Guardian side: evaluate the blinded token inputs and prove it (RFC 9497 §3.3.2)."""
    return oprf.verifiable_blind_evaluate(secret_key, public_key, blinded)


def finalize_tokens(
    guardian: int,
    request: TokenRequest,
    evaluated: Sequence[bytes],
    proof: bytes,
    public_key: bytes,
) -> list[Token]:
    """Client side: verify the issuer's proof against ``public_key`` and unblind.

    Raises ``ProofVerificationError`` when the proof fails (a guardian tagging this client).
    """
    keys = oprf.verifiable_finalize(
        [token_input(n) for n in request.nonces],
        request.blinds,
        evaluated,
        request.blinded,
        public_key,
        proof,
    )
    return [Token(guardian, n, k) for n, k in zip(request.nonces, keys, strict=True)]


def check_token(secret_key: bytes, nonce: bytes, mac: bytes, elements: Sequence[bytes]) -> bool:
    """Guardian side: is ``mac`` the request MAC under the key this guardian issued for ``nonce``?"""
    if len(nonce) != NONCE_SIZE or len(mac) != MAC_SIZE:
        return False
    key = oprf.evaluate(secret_key, token_input(nonce), mode=oprf.MODE_VOPRF)
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
    if len(parts) != 3 or not parts[0].isdigit() or len(parts[1]) != 16 or len(parts[2]) != 26:
        raise ValueError("not an invite code")
    int(parts[1], 16)
    return int(parts[0]), parts[1], parts[2]
