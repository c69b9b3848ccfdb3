"""One conformance file, two ports: identifiers.py and canonicalize.js answer it identically.

tests/escrow/identifier_conformance.json holds equivalent spellings (one canonical form),
different people (different forms) and refusals (a key, its parameters and one sentence) for
every platform, e-mail and phone. Python is checked against the file here; node checks the
JavaScript port against it (js/escrow/test/conformance.test.mjs) and returns its answers, which
must equal Python's byte for byte, on the file and on thousands of generated inputs (every
example number of every region, every BMP character inside a domain). Node is required: without
it these tests fail, they never skip.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import phonenumbers
import pytest

from notalone.core.invisible import without_invisible
from notalone.escrow.identifier_messages import MESSAGES, PLATFORM_NAMES, message
from notalone.escrow.identifiers import InvalidIdentifier, canonicalize
from tests.escrow.node import ROOT, run_node_tests

CONFORMANCE = json.loads((ROOT / "tests/escrow/identifier_conformance.json").read_text())
EQUIVALENT = [
    (group["canonical"], spelling)
    for group in CONFORMANCE["equivalent"]
    for spelling in group["spellings"]
]


def _answer(raw: str, kind: str | None, region: str | None = None) -> dict[str, Any]:
    try:
        return {"ok": canonicalize(raw, kind=kind, region=region)}
    except InvalidIdentifier as error:
        return {"error": error.key, "params": error.params, "message": str(error)}


def _read(spelling: dict[str, Any]) -> str:
    return canonicalize(spelling["input"], kind=spelling.get("kind"), region=spelling.get("region"))


@pytest.mark.parametrize(("canonical", "spelling"), EQUIVALENT)
def test_equivalent_spellings_give_one_canonical_form(
    canonical: str, spelling: dict[str, Any]
) -> None:
    assert _read(spelling) == canonical


@pytest.mark.parametrize("group", CONFORMANCE["equivalent"], ids=lambda g: g["canonical"])
def test_a_canonical_form_is_a_fixed_point(group: dict[str, Any]) -> None:
    assert canonicalize(group["canonical"]) == group["canonical"]


@pytest.mark.parametrize("group", CONFORMANCE["different"], ids=lambda g: g["reason"][:40])
def test_different_people_never_share_a_form(group: dict[str, Any]) -> None:
    forms = [_read(s) for s in group["spellings"]]
    assert len(set(forms)) == len(forms), forms


@pytest.mark.parametrize("refusal", CONFORMANCE["refused"], ids=lambda r: r["reason"][:40])
def test_refusals_give_their_key_and_say_what_to_do(refusal: dict[str, Any]) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        canonicalize(refusal["input"], kind=refusal["kind"], region=refusal.get("region"))
    assert (caught.value.key, caught.value.params) == (refusal["key"], refusal["params"])
    assert str(caught.value) == message(refusal["key"], refusal["params"])


def test_every_platform_and_kind_is_in_the_file() -> None:
    canonical_kinds = {g["canonical"].split(":")[0] for g in CONFORMANCE["equivalent"]}
    assert canonical_kinds == {"email", "phone", *PLATFORM_NAMES}
    refused_platforms = {r["params"].get("platform") for r in CONFORMANCE["refused"]}
    assert set(PLATFORM_NAMES) <= refused_platforms
    assert {r["key"] for r in CONFORMANCE["refused"]} == set(MESSAGES)


def test_every_case_says_where_it_comes_from() -> None:
    assert all(g["source"] for g in CONFORMANCE["equivalent"])
    assert all(g["reason"] for g in CONFORMANCE["different"] + CONFORMANCE["refused"])


Case = tuple[str, str | None, str | None]  # input, kind, region


def _generated_inputs() -> list[Case]:
    """Inputs no one wrote by hand: every example number of every region and type, written
    four ways without a region and three ways with its own (national, and after the region's
    prefix for calls abroad), and every BMP character inside a domain."""
    inputs: list[Case] = []
    formats = phonenumbers.PhoneNumberFormat
    for region, number_type in itertools.product(sorted(phonenumbers.SUPPORTED_REGIONS), range(12)):
        number = phonenumbers.example_number_for_type(region, number_type)
        if number is None:
            continue
        e164 = phonenumbers.format_number(number, formats.E164)
        national = phonenumbers.format_number(number, formats.NATIONAL)
        inputs += [
            (e164, None, None),
            (phonenumbers.format_number(number, formats.INTERNATIONAL), "phone", None),
            (national, "phone", None),
            ("00" + e164[1:-1], "phone", None),
            (national, "phone", region),
            (e164, "phone", region),
        ]
        # The region's own prefix for calls abroad, before another region's number.
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        prefix = metadata.preferred_international_prefix or metadata.international_prefix
        if prefix and prefix.isdigit():
            other = "FR" if region != "FR" else "DE"
            inputs.append((prefix + e164[1:], "phone", region))
            inputs.append((prefix + e164[1:], None, other))
    inputs += [(f"a@a{chr(cp)}b.com", None, None) for cp in range(0x80, 0x10000)]
    inputs += [(f"a@\u05d0{chr(cp)}\u05d1.com", None, None) for cp in range(0x80, 0x10000, 5)]
    return inputs


@pytest.fixture(scope="module")
def node_answers() -> dict[str, Any]:
    file_inputs: list[Case] = [(s["input"], s.get("kind"), s.get("region")) for _, s in EQUIVALENT]
    file_inputs += [
        (s["input"], s.get("kind"), s.get("region"))
        for g in CONFORMANCE["different"]
        for s in g["spellings"]
    ]
    file_inputs += [(r["input"], r["kind"], r.get("region")) for r in CONFORMANCE["refused"]]
    inputs = file_inputs + _generated_inputs()
    output = run_node_tests(cases=inputs)
    assert re.search(r"^# fail 0$", output["stdout"], flags=re.MULTILINE)
    return {"inputs": inputs, **output["cases"]}


def test_javascript_answers_exactly_like_python(node_answers: dict[str, Any]) -> None:
    disagreements = [
        (raw, kind, region, js, _answer(raw, kind, region))
        for (raw, kind, region), js in zip(
            node_answers["inputs"], node_answers["answers"], strict=True
        )
        if js != _answer(raw, kind, region)
    ]
    assert disagreements == []


def test_both_ports_have_the_same_sentences(node_answers: dict[str, Any]) -> None:
    assert node_answers["MESSAGES"] == MESSAGES
    assert node_answers["PLATFORM_NAMES"] == PLATFORM_NAMES


def test_the_filing_page_lists_the_same_platforms_in_its_hint_and_menu() -> None:
    template = (ROOT / "notalone/escrow/templates/escrow/new.html").read_text()
    hint = re.search(r'id="identifier-hint">(.*?)</p>', template, flags=re.DOTALL)
    assert hint is not None
    menu = re.findall(r'<option value="([a-z]+)">', template)
    assert menu == ["email", "phone", *PLATFORM_NAMES]
    assert all(name in hint.group(1) for name in PLATFORM_NAMES.values())


def test_every_invisible_character_is_removed_by_both_ports() -> None:
    """``core.invisible.INVISIBLE`` is written out twice (Python and canonicalize.js): the
    file holds a phone number spelled with each of its characters, so both ports are checked
    to remove every one (issue 11 review: RLM, LRM and ALM copied from right-to-left pages)."""
    spelled = "".join(
        spelling["input"]
        for group in CONFORMANCE["equivalent"]
        if group["canonical"].startswith("phone:")
        for spelling in group["spellings"]
    )
    invisible = {char for char in map(chr, range(0x10000)) if without_invisible(char) == ""}
    assert invisible <= set(spelled)
    assert len(invisible) == 17
