"""A guardian's own keys for verified-filer mode (ESCROW_PROTOCOL.md §7.3): the VOPRF key its
evaluation tokens are issued under and the X25519 key invite codes are sealed to, in one file
in its data directory (``guardian-<i>-keys.json``, mode 0600), made once and never overwritten.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from notalone.escrow.crypto import _ristretto as group
from notalone.escrow.crypto import keyfile, oprf, tokens

KEYS_FILE_FORMAT = "notalone-guardian-keys"


@dataclass(frozen=True)
class GuardianKeys:
    """Verified-filer mode: the token-issuing VOPRF key and the X25519 key invite codes are
    sealed to. Made once per guardian, kept in its data directory (mode 0600)."""

    token_secret: bytes
    token_public: bytes
    invite_secret: bytes
    invite_public: bytes

    @property
    def fingerprint(self) -> str:
        return tokens.keys_fingerprint(self.invite_public, self.token_public)

    @classmethod
    def generate(cls) -> GuardianKeys:
        token_secret, token_public = oprf.generate_key_pair()
        invite_secret, invite_public = keyfile.generate_keypair()
        return cls(token_secret, token_public, invite_secret, invite_public)

    @classmethod
    def load_or_create(cls, path: Path) -> GuardianKeys:
        """Read the keys file, or make one (never overwriting); raises ValueError if malformed."""
        try:
            body = json.loads(path.read_text())
        except FileNotFoundError:
            keys = cls.generate()
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                json.dump(
                    {
                        "format": KEYS_FILE_FORMAT,
                        "version": 2,
                        "token_secret": keys.token_secret.hex(),
                        "invite_secret": keys.invite_secret.hex(),
                    },
                    handle,
                )
            return keys
        if body.get("format") != KEYS_FILE_FORMAT or body.get("version") != 2:
            raise ValueError(f"{path} is not a guardian keys file")
        token_secret = group.check_scalar(bytes.fromhex(body["token_secret"]), nonzero=True)
        invite_secret = bytes.fromhex(body["invite_secret"])
        return cls(
            token_secret,
            group.scalar_mult_base(token_secret),
            invite_secret,
            keyfile.public_key_of(invite_secret),
        )
