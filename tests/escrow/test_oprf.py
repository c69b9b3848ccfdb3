"""RFC 9497 ristretto255-SHA512 (modes 0 and 1) and RFC 9380 expand_message_xmd(SHA-512).

Where the expected values come from:
- RFC 9497 Appendix A.1.1 (OPRF mode) and A.1.2 (VOPRF mode), ristretto255-SHA512, transcribed
  from the RFC's source text (draft-irtf-cfrg-voprf-21, the version published as RFC 9497, in the
  cfrg/draft-irtf-cfrg-voprf repository); the same values appear in independent implementations'
  test suites.
- RFC 9380 Appendix K.3, expand_message_xmd(SHA-512) with DST
  "QUUX-V01-CS02-with-expander-SHA512-256", as quoted (all ten vectors) in independent
  implementations' RFC 9380 test suites; the first four also in several others.
- RFC 9496 §4.4 for the encoding of the generator.
None of them was produced by the code under test.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notalone.escrow.crypto import _ristretto as group
from notalone.escrow.crypto import oprf
from notalone.escrow.crypto.errors import InvalidElement, InvalidScalar, ProofVerificationError

SEED = bytes.fromhex("a3" * 32)
KEY_INFO = bytes.fromhex("74657374206b6579")  # "test key"
BLIND_1 = bytes.fromhex("64d37aed22a27f5191de1c1d69fadb899d8862b58eb4220029e036ec4c1f6706")
BLIND_2 = bytes.fromhex("222a5e897cf59db8145db8d16e597e8facb80ae7d4e26d9881aa6f61d645fc0e")
INPUT_1 = bytes.fromhex("00")
INPUT_2 = bytes.fromhex("5a" * 17)

# RFC 9497 A.1.1, OPRF mode.
OPRF_SKSM = "5ebcea5ee37023ccb9fc2d2019f9d7737be85591ae8652ffa9ef0f4d37063b0e"
OPRF_VECTORS = [
    (
        INPUT_1,
        "609a0ae68c15a3cf6903766461307e5c8bb2f95e7e6550e1ffa2dc99e412803c",
        "7ec6578ae5120958eb2db1745758ff379e77cb64fe77b0b2d8cc917ea0869c7e",
        "527759c3d9366f277d8c6020418d96bb393ba2afb20ff90df23fb7708264e2f3"
        "ab9135e3bd69955851de4b1f9fe8a0973396719b7912ba9ee8aa7d0b5e24bcf6",
    ),
    (
        INPUT_2,
        "da27ef466870f5f15296299850aa088629945a17d1f5b7f5ff043f76b3c06418",
        "b4cbf5a4f1eeda5a63ce7b77c7d23f461db3fcab0dd28e4e17cecb5c90d02c25",
        "f4a74c9c592497375e796aa837e907b1a045d34306a749db9f34221f7e750cb4"
        "f2a6413a6bf6fa5e19ba6348eb673934a722a7ede2e7621306d18951e7cf2c73",
    ),
]

# RFC 9497 A.1.2, VOPRF mode.
VOPRF_SKSM = "e6f73f344b79b379f1a0dd37e07ff62e38d9f71345ce62ae3a9bc60b04ccd909"
VOPRF_PKSM = "c803e2cc6b05fc15064549b5920659ca4a77b2cca6f04f6b357009335476ad4e"
VOPRF_OUTPUT_1 = (
    "b58cfbe118e0cb94d79b5fd6a6dafb98764dff49c14e1770b566e42402da1a7d"
    "a4d8527693914139caee5bd03903af43a491351d23b430948dd50cde10d32b3c"
)
VOPRF_OUTPUT_2 = (
    "8a9a2f3c7f085b65933594309041fc1898d42d0858e59f90814ae90571a6df60"
    "356f4610bf816f27afdd84f47719e480906d27ecd994985890e5f539e7ea74b6"
)
VOPRF_VECTORS = [
    # (inputs, blinds, blinded elements, evaluation elements, proof, proof random scalar, outputs)
    (
        [INPUT_1],
        [BLIND_1],
        ["863f330cc1a1259ed5a5998a23acfd37fb4351a793a5b3c090b642ddc439b945"],
        ["aa8fa048764d5623868679402ff6108d2521884fa138cd7f9c7669a9a014267e"],
        "ddef93772692e535d1a53903db24367355cc2cc78de93b3be5a8ffcc6985dd06"
        "6d4346421d17bf5117a2a1ff0fcb2a759f58a539dfbe857a40bce4cf49ec600d",
        "222a5e897cf59db8145db8d16e597e8facb80ae7d4e26d9881aa6f61d645fc0e",
        [VOPRF_OUTPUT_1],
    ),
    (
        [INPUT_2],
        [BLIND_1],
        ["cc0b2a350101881d8a4cba4c80241d74fb7dcbfde4a61fde2f91443c2bf9ef0c"],
        ["60a59a57208d48aca71e9e850d22674b611f752bed48b36f7a91b372bd7ad468"],
        "401a0da6264f8cf45bb2f5264bc31e109155600babb3cd4e5af7d181a2c9dc0a"
        "67154fabf031fd936051dec80b0b6ae29c9503493dde7393b722eafdf5a50b02",
        "222a5e897cf59db8145db8d16e597e8facb80ae7d4e26d9881aa6f61d645fc0e",
        [VOPRF_OUTPUT_2],
    ),
    (  # Test Vector 3, batch size 2
        [INPUT_1, INPUT_2],
        [BLIND_1, BLIND_2],
        [
            "863f330cc1a1259ed5a5998a23acfd37fb4351a793a5b3c090b642ddc439b945",
            "90a0145ea9da29254c3a56be4fe185465ebb3bf2a1801f7124bbbadac751e654",
        ],
        [
            "aa8fa048764d5623868679402ff6108d2521884fa138cd7f9c7669a9a014267e",
            "cc5ac221950a49ceaa73c8db41b82c20372a4c8d63e5dded2db920b7eee36a2a",
        ],
        "cc203910175d786927eeb44ea847328047892ddf8590e723c37205cb74600b0a"
        "5ab5337c8eb4ceae0494c2cf89529dcf94572ed267473d567aeed6ab873dee08",
        "419c4f4f5052c53c45f3da494d2b67b220d02118e0857cdbcf037f9ea84bbe0c",
        [VOPRF_OUTPUT_1, VOPRF_OUTPUT_2],
    ),
]

# RFC 9380 K.3.
XMD_DST = b"QUUX-V01-CS02-with-expander-SHA512-256"
XMD_MESSAGES = [b"", b"abc", b"abcdef0123456789", b"q128_" + b"q" * 128, b"a512_" + b"a" * 512]
XMD_32 = [
    "6b9a7312411d92f921c6f68ca0b6380730a1a4d982c507211a90964c394179ba",
    "0da749f12fbe5483eb066a5f595055679b976e93abe9be6f0f6318bce7aca8dc",
    "087e45a86e2939ee8b91100af1583c4938e0f5fc6c9db4b107b83346bc967f58",
    "7336234ee9983902440f6bc35b348352013becd88938d2afec44311caf8356b3",
    "57b5f7e766d5be68a6bfe1768e3c2b7f1228b3e4b3134956dd73a59b954c66f4",
]
XMD_128 = [
    "41b037d1734a5f8df225dd8c7de38f851efdb45c372887be655212d07251b921"
    "b052b62eaed99b46f72f2ef4cc96bfaf254ebbbec091e1a3b9e4fb5e5b619d2e"
    "0c5414800a1d882b62bb5cd1778f098b8eb6cb399d5d9d18f5d5842cf5d13d7e"
    "b00a7cff859b605da678b318bd0e65ebff70bec88c753b159a805d2c89c55961",
    "7f1dddd13c08b543f2e2037b14cefb255b44c83cc397c1786d975653e36a6b11"
    "bdd7732d8b38adb4a0edc26a0cef4bb45217135456e58fbca1703cd6032cb134"
    "7ee720b87972d63fbf232587043ed2901bce7f22610c0419751c065922b48843"
    "1851041310ad659e4b23520e1772ab29dcdeb2002222a363f0c2b1c972b3efe1",
    "3f721f208e6199fe903545abc26c837ce59ac6fa45733f1baaf0222f8b7acb04"
    "24814fcb5eecf6c1d38f06e9d0a6ccfbf85ae612ab8735dfdf9ce84c372a77c8"
    "f9e1c1e952c3a61b7567dd0693016af51d2745822663d0c2367e3f4f0bed827f"
    "eecc2aaf98c949b5ed0d35c3f1023d64ad1407924288d366ea159f46287e61ac",
    "b799b045a58c8d2b4334cf54b78260b45eec544f9f2fb5bd12fb603eaee70db7"
    "317bf807c406e26373922b7b8920fa29142703dd52bdf280084fb7ef69da78af"
    "df80b3586395b433dc66cde048a258e476a561e9deba7060af40adf30c64249c"
    "a7ddea79806ee5beb9a1422949471d267b21bc88e688e4014087a0b592b695ed",
    "05b0bfef265dcee87654372777b7c44177e2ae4c13a27f103340d9cd11c86cb2"
    "426ffcad5bd964080c2aee97f03be1ca18e30a1f14e27bc11ebbd650f305269c"
    "c9fb1db08bf90bfc79b42a952b46daf810359e7bc36452684784a64952c343c5"
    "2e5124cd1f71d474d5197fefc571a92929c9084ffe1112cf5eea5192ebff330b",
]


def flip_byte(data: bytes, position: int = 0) -> bytes:
    changed = bytearray(data)
    changed[position % len(data)] ^= 0x01
    return bytes(changed)


@pytest.mark.parametrize(
    ("msg", "expected"),
    [*zip(XMD_MESSAGES, XMD_32, strict=True), *zip(XMD_MESSAGES, XMD_128, strict=True)],
)
def test_expand_message_xmd_matches_rfc_9380_k3(msg: bytes, expected: str) -> None:
    length = len(expected) // 2
    assert oprf.expand_message_xmd(msg, XMD_DST, length).hex() == expected


def test_the_generator_is_encoded_as_in_rfc_9496() -> None:
    assert group.scalar_mult_base(group.scalar_from_int(1)) == group.BASE


def test_context_strings_follow_rfc_9497() -> None:
    assert oprf.context_string(0) == b"OPRFV1-\x00-ristretto255-SHA512"
    assert oprf.context_string(1) == b"OPRFV1-\x01-ristretto255-SHA512"
    assert oprf.context_string(2) == b"OPRFV1-\x02-ristretto255-SHA512"
    with pytest.raises(ValueError, match="unsupported"):
        oprf.context_string(3)


# RFC 9497 A.1.3, POPRF mode (the same seed, key info, inputs and blinds as above).
POPRF_SKSM = "145c79c108538421ac164ecbe131942136d5570b16d8bf41a24d4337da981e07"
POPRF_PKSM = "c647bef38497bc6ec077c22af65b696efa43bff3b4a1975a3e8e0a1c5a79d631"
POPRF_INFO = bytes.fromhex("7465737420696e666f")  # "test info"
POPRF_BLINDED = [
    "c8713aa89241d6989ac142f22dba30596db635c772cbf25021fdd8f3d461f715",
    "f0f0b209dd4d5f1844dac679acc7761b91a2e704879656cb7c201e82a99ab07d",
    "423a01c072e06eb1cce96d23acce06e1ea64a609d7ec9e9023f3049f2d64e50c",  # INPUT_2, BLIND_2
]
POPRF_OUTPUT_1 = (
    "ca688351e88afb1d841fde4401c79efebb2eb75e7998fa9737bd5a82a152406d"
    "38bd29f680504e54fd4587eddcf2f37a2617ac2fbd2993f7bdf45442ace7d221"
)
POPRF_OUTPUT_2 = (
    "7c6557b276a137922a0bcfc2aa2b35dd78322bd500235eb6d6b6f91bc5b56a52"
    "de2d65612d503236b321f5d0bebcbc52b64b92e426f29c9b8b69f52de98ae507"
)
POPRF_VECTORS = [  # (inputs, blinds, blinded, evaluated, proof random scalar, proof, outputs)
    (
        [INPUT_1],
        [BLIND_1],
        [POPRF_BLINDED[0]],
        ["1a4b860d808ff19624731e67b5eff20ceb2df3c3c03b906f5693e2078450d874"],
        BLIND_2,
        "41ad1a291aa02c80b0915fbfbb0c0afa15a57e2970067a602ddb9e8fd6b7100d"
        "e32e1ecff943a36f0b10e3dae6bd266cdeb8adf825d86ef27dbc6c0e30c52206",
        [POPRF_OUTPUT_1],
    ),
    (
        [INPUT_2],
        [BLIND_1],
        [POPRF_BLINDED[1]],
        ["8c3c9d064c334c6991e99f286ea2301d1bde170b54003fb9c44c6d7bd6fc1540"],
        BLIND_2,
        "4c39992d55ffba38232cdac88fe583af8a85441fefd7d1d4a8d0394cd1de7701"
        "8bf135c174f20281b3341ab1f453fe72b0293a7398703384bed822bfdeec8908",
        [POPRF_OUTPUT_2],
    ),
    (
        [INPUT_1, INPUT_2],
        [BLIND_1, BLIND_2],
        [POPRF_BLINDED[0], POPRF_BLINDED[2]],
        [
            "1a4b860d808ff19624731e67b5eff20ceb2df3c3c03b906f5693e2078450d874",
            "aa1f16e903841036e38075da8a46655c94fc92341887eb5819f46312adfc0504",
        ],
        bytes.fromhex("419c4f4f5052c53c45f3da494d2b67b220d02118e0857cdbcf037f9ea84bbe0c"),
        "43fdb53be399cbd3561186ae480320caa2b9f36cca0e5b160c4a677b8bbf4301"
        "b28f12c36aa8e11e5a7ef551da0781e863a6dc8c0b2bf5a149c9e00621f02006",
        [POPRF_OUTPUT_1, POPRF_OUTPUT_2],
    ),
]


@pytest.mark.parametrize("vector", POPRF_VECTORS)
def test_poprf_matches_rfc_9497_a_1_3(vector: tuple) -> None:
    inputs, blinds, blinded, evaluated, r, proof, outputs = vector
    sk, pk = oprf.derive_key_pair(SEED, KEY_INFO, oprf.MODE_POPRF)
    assert (sk.hex(), pk.hex()) == (POPRF_SKSM, POPRF_PKSM)
    elements = [
        oprf.blind(x, b, mode=oprf.MODE_POPRF)[1] for x, b in zip(inputs, blinds, strict=True)
    ]
    assert [e.hex() for e in elements] == blinded
    answer, made = oprf.poprf_blind_evaluate(sk, POPRF_INFO, elements, r)
    assert ([z.hex() for z in answer], made.hex()) == (evaluated, proof)
    finalized = oprf.poprf_finalize(inputs, blinds, answer, elements, pk, made, POPRF_INFO)
    assert [y.hex() for y in finalized] == outputs
    assert [oprf.poprf_evaluate(sk, x, POPRF_INFO).hex() for x in inputs] == outputs
    # The proof binds the info: the same answer under other public input does not verify.
    with pytest.raises(ProofVerificationError):
        oprf.poprf_finalize(inputs, blinds, answer, elements, pk, made, b"other info")


def test_derive_key_pair_matches_rfc_9497_in_both_modes() -> None:
    assert oprf.derive_key_pair(SEED, KEY_INFO, 0)[0].hex() == OPRF_SKSM
    secret, public = oprf.derive_key_pair(SEED, KEY_INFO, 1)
    assert (secret.hex(), public.hex()) == (VOPRF_SKSM, VOPRF_PKSM)


@pytest.mark.parametrize(("input_", "blinded", "evaluated", "output"), OPRF_VECTORS)
def test_oprf_mode_matches_rfc_9497_a_1_1(
    input_: bytes, blinded: str, evaluated: str, output: str
) -> None:
    sk = bytes.fromhex(OPRF_SKSM)
    blind, blinded_element = oprf.blind(input_, BLIND_1)
    assert blinded_element.hex() == blinded
    evaluated_element = oprf.blind_evaluate(sk, blinded_element)
    assert evaluated_element.hex() == evaluated
    assert oprf.finalize(input_, blind, evaluated_element).hex() == output
    assert oprf.evaluate(sk, input_).hex() == output


@pytest.mark.parametrize(
    ("inputs", "blinds", "blinded", "evaluated", "proof", "r", "outputs"), VOPRF_VECTORS
)
def test_voprf_mode_matches_rfc_9497_a_1_2_including_the_batched_proof(
    inputs: list[bytes],
    blinds: list[bytes],
    blinded: list[str],
    evaluated: list[str],
    proof: str,
    r: str,
    outputs: list[str],
) -> None:
    sk, pk = bytes.fromhex(VOPRF_SKSM), bytes.fromhex(VOPRF_PKSM)
    blinded_elements = [oprf.blind(x, b, mode=1)[1] for x, b in zip(inputs, blinds, strict=True)]
    assert [e.hex() for e in blinded_elements] == blinded
    evaluated_elements, made_proof = oprf.verifiable_blind_evaluate(
        sk, pk, blinded_elements, bytes.fromhex(r)
    )
    assert [e.hex() for e in evaluated_elements] == evaluated
    assert made_proof.hex() == proof
    results = oprf.verifiable_finalize(
        inputs, blinds, evaluated_elements, blinded_elements, pk, made_proof
    )
    assert [y.hex() for y in results] == outputs
    assert [oprf.evaluate(sk, x, mode=1).hex() for x in inputs] == outputs


def _batched_vector() -> tuple[bytes, list[bytes], list[bytes], bytes]:
    _, _, blinded, evaluated, proof, _, _ = VOPRF_VECTORS[2]
    return (
        bytes.fromhex(VOPRF_PKSM),
        [bytes.fromhex(e) for e in blinded],
        [bytes.fromhex(e) for e in evaluated],
        bytes.fromhex(proof),
    )


def test_the_rfc_batched_proof_verifies() -> None:
    pk, blinded, evaluated, proof = _batched_vector()
    assert oprf.verify_proof(group.BASE, pk, blinded, evaluated, proof)


@pytest.mark.parametrize("position", [0, 17, 31, 32, 50, 63])
def test_it_rejects_a_flipped_byte_in_the_proof(position: int) -> None:
    pk, blinded, evaluated, proof = _batched_vector()
    assert not oprf.verify_proof(group.BASE, pk, blinded, evaluated, flip_byte(proof, position))


@pytest.mark.parametrize(("element", "position"), [(0, 0), (0, 9), (1, 31)])
def test_it_rejects_a_flipped_byte_in_an_evaluated_element(element: int, position: int) -> None:
    pk, blinded, evaluated, proof = _batched_vector()
    evaluated[element] = flip_byte(evaluated[element], position)
    assert not oprf.verify_proof(group.BASE, pk, blinded, evaluated, proof)
    with pytest.raises(ProofVerificationError):
        oprf.verifiable_finalize(
            [INPUT_1, INPUT_2], [BLIND_1, BLIND_2], evaluated, blinded, pk, proof
        )


def test_it_rejects_a_proof_checked_against_another_public_key() -> None:
    _, blinded, evaluated, proof = _batched_vector()
    other_pk = oprf.derive_key_pair(SEED, b"another key", 1)[1]
    assert not oprf.verify_proof(group.BASE, other_pk, blinded, evaluated, proof)


def test_it_rejects_a_swapped_pair_of_evaluated_elements() -> None:
    pk, blinded, evaluated, proof = _batched_vector()
    assert not oprf.verify_proof(group.BASE, pk, blinded, evaluated[::-1], proof)


def test_it_rejects_the_identity_and_non_canonical_elements() -> None:
    sk = bytes.fromhex(OPRF_SKSM)
    with pytest.raises(InvalidElement):
        oprf.blind_evaluate(sk, bytes(32))
    with pytest.raises(InvalidElement):
        oprf.blind_evaluate(sk, b"\xff" * 32)
    with pytest.raises(InvalidElement):
        oprf.blind_evaluate(sk, b"\x01" * 31)


def test_it_refuses_a_zero_or_unreduced_blind() -> None:
    with pytest.raises(InvalidScalar):
        oprf.blind(INPUT_1, bytes(32))
    with pytest.raises(InvalidScalar):
        oprf.blind(INPUT_1, b"\xff" * 32)


@settings(max_examples=40, deadline=None, database=None)
@given(secret_input=st.binary(max_size=200), mode=st.sampled_from([0, 1]))
def test_blind_evaluate_finalize_equals_evaluate(secret_input: bytes, mode: int) -> None:
    sk, _ = oprf.generate_key_pair()
    blind, blinded_element = oprf.blind(secret_input, mode=mode)
    evaluated_element = oprf.blind_evaluate(sk, blinded_element)
    assert oprf.finalize(secret_input, blind, evaluated_element, mode) == oprf.evaluate(
        sk, secret_input, mode
    )


@settings(max_examples=20, deadline=None, database=None)
@given(inputs=st.lists(st.binary(max_size=40), min_size=1, max_size=4))
def test_verifiable_round_trip_for_any_batch(inputs: list[bytes]) -> None:
    sk, pk = oprf.generate_key_pair()
    blinds, blinded = zip(*(oprf.blind(x, mode=1) for x in inputs), strict=True)
    evaluated, proof = oprf.verifiable_blind_evaluate(sk, pk, list(blinded))
    outputs = oprf.verifiable_finalize(inputs, list(blinds), evaluated, list(blinded), pk, proof)
    assert outputs == [oprf.evaluate(sk, x, mode=1) for x in inputs]


def test_different_inputs_give_different_outputs() -> None:
    sk = bytes.fromhex(OPRF_SKSM)
    assert oprf.evaluate(sk, b"email:a@example.com") != oprf.evaluate(sk, b"email:b@example.com")
