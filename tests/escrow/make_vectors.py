"""Write tests/escrow/vectors.json (ESCROW_PROTOCOL.md §12): one deterministic filing, HPKE included.

    python -m tests.escrow.make_vectors            # rewrite the deterministic part
    python -m tests.escrow.make_vectors --reseal   # also replace the Python-made sealed values
    NOTALONE_JS_SEALED_OUT=/tmp/js.json node --test js/escrow/test/
    python -m tests.escrow.make_vectors --javascript /tmp/js.json   # the browser's sealed values

Everything random in the protocol is fixed here (realm, OPRF key and its sharing, blinds, proof
scalars, x values, record keys and nonces, and one HPKE ephemeral key per sealed share), so any
client can recompute every value byte for byte. In use HPKE takes a fresh ephemeral key: the
"sealed" section holds values so made by each client, which every client's tests must open:
"python" (pyhpke), "javascript" (added by the browser client's tooling), and
and, in the frozen version-1 file vectors_v1.json (protocol version 1: the OPRF input was the bare
canonical string), "python_cryptography_50", sealed by cryptography 50's own HPKE before the move
to pyhpke, as every entry filed before then was. Other clients' sealed values are kept when the
file is rewritten.
"""

import json
import sys
from pathlib import Path
from typing import Any

from notalone.escrow.crypto import _cipher, entry, keyfile, oprf, threshold, tokens

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


def _item(
    entry_id: bytes, item: entry.PreparedItem, nonce: bytes, ephemeral: bytes
) -> dict[str, Any]:
    """One identifier of a filing; HPKE with a fixed ephemeral key, so that its bytes are fixed too."""
    hpke_aad = entry_id + item.index
    hpke_sealed = _cipher.hpke_seal(
        keyfile.public_key_of(COUNSELOR_PRIVATE_KEY),
        entry.hpke_info(REALM),
        hpke_aad,
        item.plaintext,
        ephemeral_private_key=ephemeral,
    )
    return {
        "index": item.index.hex(),
        "coefficients": [a.hex() for a in item.coefficients],
        "wrap_key": item.wrap_key.hex(),
        "x": item.x.hex(),
        "fx": item.fx.hex(),
        "wrap_nonce": nonce.hex(),
        "wrap_aad": (b"wrap" + entry_id + item.index).hex(),
        "wrapped": item.wrapped.hex(),
        "hpke_aad": hpke_aad.hex(),
        "hpke_plaintext": item.plaintext.hex(),
        "hpke_ephemeral_private_key": ephemeral.hex(),
        "hpke_sealed": hpke_sealed.hex(),
    }


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
                    _item(entry_id, item, nonce, _fixed_bytes(0x70 + 8 * survivor + j, 32))
                    for j, (item, nonce) in enumerate(
                        zip(prepared.items, randomness.wrap_nonces, strict=True)
                    )
                ],
            }
        )
    return filings


def _token_vectors() -> dict[str, Any]:
    """Verified-filer mode (ESCROW_PROTOCOL.md §7.3): one guardian's token key, two tokens
    issued with fixed blinds and proof scalar, and one spent on the two identifiers' elements."""
    token_secret, token_public = oprf.derive_key_pair(
        _fixed_bytes(0x90, 32), b"NotAlone token test vectors", oprf.MODE_POPRF
    )
    epoch = 680  # the 30-day period from 2025-11-08 (ESCROW_PROTOCOL.md §7.3)
    invite_secret = _fixed_bytes(0x91, 32)
    invite_public = keyfile.public_key_of(invite_secret)
    nonces = [_fixed_bytes(0x92 + j, tokens.NONCE_SIZE) for j in range(2)]
    blinds = [_scalar(0x94 + j) for j in range(2)]
    blinded = [
        oprf.blind(tokens.token_input(n), b, mode=oprf.MODE_POPRF)[1]
        for n, b in zip(nonces, blinds, strict=True)
    ]
    evaluated, proof = tokens.issue(token_secret, epoch, blinded, _scalar(0x96))
    request = tokens.TokenRequest(tuple(nonces), tuple(blinds), tuple(blinded))
    issued = tokens.finalize_tokens(1, request, evaluated, proof, token_public, epoch)
    spent_on = [
        oprf.blind(entry.oprf_input(c), b, mode=oprf.MODE_VOPRF)[1]
        for (_, c), b in zip(IDENTIFIERS, BLINDS, strict=True)
    ]
    fingerprint = tokens.keys_fingerprint(invite_public, token_public)
    code = f"1-{fingerprint[:16]}-{'abcdefghijklmnopqrstuvwxyz'}"
    return {
        "guardian": 1,
        "token_secret": token_secret.hex(),
        "token_key": token_public.hex(),
        "epoch": epoch,
        "epoch_info": tokens.epoch_info(epoch).hex(),
        "invite_secret": invite_secret.hex(),
        "invite_key": invite_public.hex(),
        "keys_fingerprint": fingerprint,
        "code": code,
        "invite_info": tokens.invite_info(REALM, 1).hex(),
        "invite_aad": tokens.invite_aad(blinded).hex(),
        "issued": [
            {
                "nonce": n.hex(),
                "token_input": tokens.token_input(n).hex(),
                "blind": b.hex(),
                "blinded_element": e.hex(),
                "evaluated_element": z.hex(),
                "key": t.key.hex(),
            }
            for n, b, e, z, t in zip(nonces, blinds, blinded, evaluated, issued, strict=True)
        ],
        "proof": proof.hex(),
        "spent_on": [e.hex() for e in spent_on],
        "mac": issued[0].authenticate(spent_on)["mac"],
    }


def build_vectors() -> dict[str, Any]:
    """Every deterministic value of the filing, in the order the protocol computes them."""
    inputs = [entry.oprf_input(canonical) for _, canonical in IDENTIFIERS]
    blinded = [
        oprf.blind(x, b, mode=oprf.MODE_VOPRF)[1] for x, b in zip(inputs, BLINDS, strict=True)
    ]
    guardians, combined = _guardians(blinded)
    outputs = [
        oprf.finalize(x, b, z, mode=oprf.MODE_VOPRF)
        for x, b, z in zip(inputs, BLINDS, combined, strict=True)
    ]
    return {
        "description": "ESCROW_PROTOCOL.md §12: one filing; from tests/escrow/make_vectors.py",
        "protocol": "NotAlone escrow v1",
        "protocol_version": entry.PROTOCOL_VERSION,
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
                "oprf_input": x.hex(),
                "blind": b.hex(),
                "blinded_element": e.hex(),
                "output": y.hex(),
            }
            for (raw, canonical), x, b, e, y in zip(
                IDENTIFIERS, inputs, BLINDS, blinded, outputs, strict=True
            )
        ],
        "oprf": guardians,
        "filings": _filings(outputs),
        "tokens": _token_vectors(),
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
    if previous.get("protocol_version") != vectors["protocol_version"]:
        sealed = {}  # values sealed for other plaintexts: vectors_v1.json keeps version 1's
    if "--reseal" in argv or "python" not in sealed:
        sealed["python"] = seal_python_values(vectors)
    invites = dict(previous.get("sealed_invites", {}))
    if "--reseal" in argv or "python" not in invites:
        t = vectors["tokens"]
        invites["python"] = tokens.seal_invite(
            bytes.fromhex(t["invite_key"]),
            REALM,
            t["guardian"],
            t["code"],
            [bytes.fromhex(i["blinded_element"]) for i in t["issued"]],
        ).hex()
    if "--javascript-invite" in argv:
        invites["javascript"] = argv[argv.index("--javascript-invite") + 1]
    vectors["sealed_invites"] = invites
    if "--javascript" in argv:
        # Values sealed by `NOTALONE_JS_SEALED_OUT=FILE node --test js/escrow/test/`.
        sealed["javascript"] = json.loads(Path(argv[argv.index("--javascript") + 1]).read_text())
    vectors["sealed"] = sealed
    VECTORS_PATH.write_text(json.dumps(vectors, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {VECTORS_PATH}")


if __name__ == "__main__":
    main(sys.argv[1:])
