"""Write tests/escrow/vectors.json: ESCROW.md §4, a deterministic filing and every value up to HPKE.

    python -m tests.escrow.make_vectors            # rewrite the deterministic part
    python -m tests.escrow.make_vectors --reseal   # also replace the Python-made sealed values
    NOTALONE_JS_SEALED_OUT=/tmp/js.json node --test js/escrow/test/
    python -m tests.escrow.make_vectors --javascript /tmp/js.json   # the browser's sealed values

Everything random in the protocol is fixed here (realm, OPRF key and its sharing, blinds, proof
scalars, x values, record keys and nonces), so any client can recompute every value byte for byte.
HPKE is randomized: the "sealed" section holds values made by each client ("python" here;
"javascript" is added by the browser client's tooling) that every client's tests must open.
Other clients' sealed values are kept when the file is rewritten.
"""

import json
import sys
from pathlib import Path
from typing import Any

from notalone.escrow.crypto import _cipher, entry, keyfile, oprf, threshold

VECTORS_PATH = Path(__file__).with_name("vectors.json")

REALM = bytes.fromhex("6e6f74616c6f6e652d7465737401a5a5")
Q, T, N = 3, 2, 3
KEY_SEED = bytes(range(32))
KEY_INFO = b"NotAlone escrow test vectors"
SHARING_COEFFICIENT = bytes.fromhex(
    "0c7bd38c3e47b1d8a7c3a5bd9a3b6d0f8e1c9f7b2a4d6e8f0a1b2c3d4e5f6007"
)
GUARDIANS_USED = (1, 3)
COUNSELOR_PRIVATE_KEY = bytes.fromhex(
    "a8abababababababababababababababababababababababababababababab6b"
)
IDENTIFIERS = [
    ("Jane.Doe@Example.com", "email:jane.doe@example.com"),
    ("https://twitter.com/SomeHandle/", "x:somehandle"),
]
BLINDS = [
    bytes.fromhex("64d37aed22a27f5191de1c1d69fadb899d8862b58eb4220029e036ec4c1f6706"),
    bytes.fromhex("222a5e897cf59db8145db8d16e597e8facb80ae7d4e26d9881aa6f61d645fc0e"),
]


def _scalar(seed: int) -> bytes:
    """A fixed nonzero scalar (small-ish, so obviously canonical): seed ‖ 0x11 repeated."""
    return bytes([seed]) + bytes([0x11] * 30) + b"\x01"


def _fixed_bytes(seed: int, length: int) -> bytes:
    return bytes((seed * 31 + i * 7) % 256 for i in range(length))


def _guardians(blinded: list[bytes]) -> tuple[dict[str, Any], tuple[bytes, ...]]:
    key, public_key = oprf.derive_key_pair(KEY_SEED, KEY_INFO, mode=oprf.MODE_VOPRF)
    shares = threshold.split_key(key, T, N, coefficients=[SHARING_COEFFICIENT])
    public_shares = [threshold.public_share(share) for _, share in shares]
    answers = {
        index: threshold.guardian_evaluate(share, blinded, r=_scalar(0x40 + index))
        for index, share in shares
    }
    used = {i: answers[i].evaluated_elements for i in GUARDIANS_USED}
    combined = threshold.combine(used, T)
    section = {
        "key_seed": KEY_SEED.hex(),
        "key_info": KEY_INFO.hex(),
        "key": key.hex(),
        "public_key": public_key.hex(),
        "sharing_coefficients": [SHARING_COEFFICIENT.hex()],
        "guardians": [
            {
                "index": index,
                "share": share.hex(),
                "public_share": public_shares[index - 1].hex(),
                "proof_random_scalar": _scalar(0x40 + index).hex(),
                "evaluated_elements": [e.hex() for e in answers[index].evaluated_elements],
                "proof": answers[index].proof.hex(),
            }
            for index, share in shares
        ],
        "used": list(GUARDIANS_USED),
        "lagrange_coefficients": [
            threshold.lagrange_coefficient(i, GUARDIANS_USED).hex() for i in GUARDIANS_USED
        ],
        "combined_elements": [z.hex() for z in combined],
    }
    return section, combined


def _filings(outputs: list[bytes]) -> list[dict[str, Any]]:
    filings = []
    for survivor in range(Q):
        entry_id = _fixed_bytes(0x10 + survivor, entry.ENTRY_ID_SIZE)
        randomness = entry.SealRandomness(
            record_key=_fixed_bytes(0x20 + survivor, 32),
            record_nonce=_fixed_bytes(0x30 + survivor, 12),
            x_values=tuple(_scalar(0x50 + 8 * survivor + j) for j in range(len(outputs))),
            wrap_nonces=tuple(
                _fixed_bytes(0x60 + 8 * survivor + j, 12) for j in range(len(outputs))
            ),
        )
        record = {
            "contact": f"survivor-{survivor + 1}@example.org",
            "what": f"Fictional account number {survivor + 1}, for test vectors only.",
        }
        prepared = entry.prepare_entry(
            realm=REALM,
            q=Q,
            entry_id=entry_id,
            record=record,
            outputs=outputs,
            randomness=randomness,
        )
        filings.append(
            {
                "entry_id": entry_id.hex(),
                "record": record,
                "record_json": prepared.record_json.hex(),
                "record_key": randomness.record_key.hex(),
                "record_nonce": randomness.record_nonce.hex(),
                "record_aad": (b"record" + entry_id).hex(),
                "record_ct": prepared.record_ct.hex(),
                "items": [
                    {
                        "index": item.index.hex(),
                        "coefficients": [a.hex() for a in item.coefficients],
                        "wrap_key": item.wrap_key.hex(),
                        "x": item.x.hex(),
                        "fx": item.fx.hex(),
                        "wrap_nonce": nonce.hex(),
                        "wrap_aad": (b"wrap" + entry_id + item.index).hex(),
                        "wrapped": item.wrapped.hex(),
                        "hpke_aad": (entry_id + item.index).hex(),
                        "hpke_plaintext": item.plaintext.hex(),
                    }
                    for item, nonce in zip(prepared.items, randomness.wrap_nonces, strict=True)
                ],
            }
        )
    return filings


def build_vectors() -> dict[str, Any]:
    """Every deterministic value of the filing, in the order the protocol computes them."""
    inputs = [canonical.encode() for _, canonical in IDENTIFIERS]
    blinded = [
        oprf.blind(x, b, mode=oprf.MODE_VOPRF)[1] for x, b in zip(inputs, BLINDS, strict=True)
    ]
    guardians, combined = _guardians(blinded)
    outputs = [
        oprf.finalize(x, b, z, mode=oprf.MODE_VOPRF)
        for x, b, z in zip(inputs, BLINDS, combined, strict=True)
    ]
    return {
        "description": "ESCROW.md §4, a deterministic filing; from tests/escrow/make_vectors.py",
        "protocol": "NotAlone escrow v1",
        "realm": REALM.hex(),
        "q": Q,
        "t": T,
        "n": N,
        "salt": entry.salt(REALM, Q).hex(),
        "hpke_info": entry.hpke_info(REALM).hex(),
        "counselor_private_key": COUNSELOR_PRIVATE_KEY.hex(),
        "counselor_public_key": keyfile.public_key_of(COUNSELOR_PRIVATE_KEY).hex(),
        "counselor_fingerprint": keyfile.fingerprint(keyfile.public_key_of(COUNSELOR_PRIVATE_KEY)),
        "identifiers": [
            {
                "raw": raw,
                "canonical": canonical,
                "blind": b.hex(),
                "blinded_element": e.hex(),
                "output": y.hex(),
            }
            for (raw, canonical), b, e, y in zip(IDENTIFIERS, BLINDS, blinded, outputs, strict=True)
        ],
        "oprf": guardians,
        "filings": _filings(outputs),
    }


def seal_python_values(vectors: dict[str, Any]) -> list[dict[str, str]]:
    """HPKE-seal every plaintext of the filings, as the Python client does."""
    public_key = bytes.fromhex(vectors["counselor_public_key"])
    info = bytes.fromhex(vectors["hpke_info"])
    sealed = []
    for filing in vectors["filings"]:
        for item in filing["items"]:
            aad = bytes.fromhex(item["hpke_aad"])
            value = _cipher.hpke_seal(public_key, info, aad, bytes.fromhex(item["hpke_plaintext"]))
            sealed.append(
                {"entry_id": filing["entry_id"], "index": item["index"], "sealed": value.hex()}
            )
    return sealed


def main(argv: list[str]) -> None:
    vectors = build_vectors()
    previous = json.loads(VECTORS_PATH.read_text()) if VECTORS_PATH.exists() else {}
    sealed = dict(previous.get("sealed", {}))
    if "--reseal" in argv or "python" not in sealed:
        sealed["python"] = seal_python_values(vectors)
    if "--javascript" in argv:
        # Values sealed by `NOTALONE_JS_SEALED_OUT=FILE node --test js/escrow/test/`.
        sealed["javascript"] = json.loads(Path(argv[argv.index("--javascript") + 1]).read_text())
    vectors["sealed"] = sealed
    VECTORS_PATH.write_text(json.dumps(vectors, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {VECTORS_PATH}")


if __name__ == "__main__":
    main(sys.argv[1:])
