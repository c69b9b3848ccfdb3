"""In-process speed of the escrow's cryptography on one core.

    python bench/bench_oprf.py

Targets (BENCHMARKS.md): guardian blind_evaluate at least 15,000 per second; open_match for q = 3
under 50 ms.
"""

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from notalone.escrow.crypto import _cipher, entry, keyfile, oprf, threshold

REALM = os.urandom(16)


def rate(operation: Callable[[], object], seconds: float = 1.0) -> tuple[float, int]:
    """Calls per second of ``operation``, run for about ``seconds``."""
    calls, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(50):
            operation()
        calls += 50
    return calls / elapsed, calls


def main() -> None:
    sk, pk = oprf.generate_key_pair()
    identifier = b"email:jane.doe@example.com"
    blind, blinded = oprf.blind(identifier, mode=1)
    evaluated = oprf.blind_evaluate(sk, blinded)
    batch_evaluated, proof = oprf.verifiable_blind_evaluate(sk, pk, [blinded])
    private, public = keyfile.generate_keypair()
    y = oprf.evaluate(sk, identifier, mode=1)
    record = {"what": "a fictional record of about two hundred bytes " * 4, "contact": "a@b.test"}

    def seal() -> entry.SealedEntry:
        return entry.seal_entry(
            realm=REALM,
            q=3,
            counselor_public_key=public,
            entry_id=os.urandom(16),
            record=record,
            outputs=[y],
        )

    index = seal().items[0][0]
    matched = [seal().for_index(index) for _ in range(3)]
    shares = threshold.split_key(sk, 2, 3)
    answers = {i: threshold.guardian_evaluate(s, [blinded]) for i, s in shares[:2]}
    public_shares = [threshold.public_share(s) for _, s in shares]
    # One sealed share as the protocol makes it: 124 bytes, aad entry_id ‖ index (48 bytes).
    share, aad, info = os.urandom(entry.PLAINTEXT_SIZE), os.urandom(48), entry.hpke_info(REALM)
    sealed_share = _cipher.hpke_seal(public, info, aad, share)

    rows = [
        ("blind (mode 1)", lambda: oprf.blind(identifier, mode=1)),
        ("blind_evaluate", lambda: oprf.blind_evaluate(sk, blinded)),
        (
            "verifiable_blind_evaluate (1 element + proof)",
            lambda: oprf.verifiable_blind_evaluate(sk, pk, [blinded]),
        ),
        ("finalize", lambda: oprf.finalize(identifier, blind, evaluated, 1)),
        (
            "verifiable_finalize (proof check + finalize)",
            lambda: oprf.verifiable_finalize(
                [identifier], [blind], batch_evaluated, [blinded], pk, proof
            ),
        ),
        (
            "combine_verified, 2-of-3 guardians",
            lambda: threshold.combine_verified(
                blinded_elements=[blinded], answers=answers, public_shares=public_shares, t=2
            ),
        ),
        ("hpke_seal, one 124-byte share", lambda: _cipher.hpke_seal(public, info, aad, share)),
        (
            "hpke_open, one 124-byte share",
            lambda: _cipher.hpke_open(private, info, aad, sealed_share, "bench"),
        ),
        ("seal_entry, 1 identifier, q = 3", seal),
        (
            "open_match, q = 3",
            lambda: entry.open_match(
                counselor_private_key=private, realm=REALM, q=3, entries=matched
            ),
        ),
    ]
    print(f"{'operation':<48} {'per second':>12} {'ms each':>9}")
    print("-" * 71)
    for name, operation in rows:
        per_second, _ = rate(operation)
        print(f"{name:<48} {per_second:>12,.0f} {1000 / per_second:>9.3f}")


if __name__ == "__main__":
    main()
