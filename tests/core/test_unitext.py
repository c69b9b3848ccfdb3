# ruff: noqa: RUF001  (scripts other than Latin are the point of these tests)
"""Folding, words and identifiers in every script (issue 11): the pure functions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notalone.core import uax31, unitext


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("İstanbul", "istanbul"),
        ("ISTANBUL", "istanbul"),
        ("català", "catala"),
        ("YoTambién", "yotambien"),
        ("للتحرّش", "للتحرش"),  # shadda
        ("أَنَا", "انا"),  # harakat and the hamza on the alef
        ("שָׁלוֹם", "שלום"),  # niqqud
        ("quấy rối", "quay roi"),  # Vietnamese tone and vowel marks
        ("Đà Nẵng", "da nang"),
        ("ＭｅＴｏｏ", "metoo"),  # full-width
        ("STRASSE", "straße"),
        ("١٢٣", "123"),  # Arabic-Indic digits
        ("نرم\u200cافزار", "نرمافزار"),  # ZWNJ is ignorable for matching
        ("ﻻ", "لا"),  # presentation form
        ("ｾｸﾊﾗ", "セクハラ"),  # half-width kana
    ],
)
def test_spellings_that_meet(one: str, other: str) -> None:
    assert unitext.fold(one) == unitext.fold(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("हिंसा", "हंस"),  # Devanagari vowel sign and anusvara are part of the word
        ("हिंसा", "हसा"),
        ("কাজ", "কজ"),  # Bengali vowel sign
        ("துன்பம்", "துனபம"),  # Tamil virama (pulli)
        ("が", "か"),  # Japanese voicing mark
        ("ห้อง", "หอง"),  # Thai tone mark
    ],
)
def test_marks_of_other_scripts_are_kept(one: str, other: str) -> None:
    assert unitext.fold(one) != unitext.fold(other)


@given(st.text(max_size=40))
def test_folding_is_idempotent(text: str) -> None:
    assert unitext.fold(unitext.fold(text)) == unitext.fold(text)


@given(st.text(max_size=60))
def test_any_text_cuts_into_terms_without_failing(text: str) -> None:
    for term in unitext.terms(text):
        assert term
        assert unitext.encode_term(term).isascii()
    assert len(unitext.query_terms(text)) <= unitext.MAX_QUERY_TERMS


def test_words_by_uax29_keep_combining_marks() -> None:
    assert unitext.terms("मुझे हिंसा का सामना करना पड़ा") == [
        "मुझे",
        "हिंसा",
        "का",
        "सामना",
        "करना",
        "पड़ा",
    ]
    assert unitext.terms("il·lusió, don't") == ["il·lusio", "don't"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Overlapping bigrams, and each run's last character alone so that a one-character
        # query (a prefix) finds a run it ends.
        ("セクハラ", ["セク", "クハ", "ハラ", "ラ"]),
        ("米兔", ["米兔", "兔"]),
        ("성희롱", ["성희", "희롱", "롱"]),
        ("ห้อง", ["ห้อ", "อง", "ง"]),  # grapheme clusters, never a mark on its own
        ("MeToo運動", ["metoo", "運動", "動"]),
    ],
)
def test_scripts_without_spaces_become_bigrams(text: str, expected: list[str]) -> None:
    assert unitext.terms(text) == expected


def test_a_lone_dense_character_is_a_prefix_in_a_query() -> None:
    assert unitext.query_terms("性") == [unitext.Term("性", prefix=True)]
    assert unitext.query_terms("性侵") == [unitext.Term("性侵")]


def test_encoding_keeps_prefixes() -> None:
    assert unitext.encode_term("性侵").startswith(unitext.encode_term("性"))
    assert set(unitext.encode_term("a٣😀")) <= set("abcdefghijklmnop")


@pytest.mark.parametrize(
    "name",
    [
        "MeToo",
        "نرم\u200cافزار",  # Persian ZWNJ between a dual-joining and a right-joining letter
        "il·lusió",  # Catalan middle dot
        "أنا_أيضا",
        "米兔",
        "मीटू",
        "क्\u200dष",  # ZWJ after a virama (half form)
        "क्\u200cष",  # ZWNJ after a virama
        "2017",
        "MeTooIndia",
        "Ничего",
        "Ψ",
    ],
)
def test_uax31_identifiers(name: str) -> None:
    assert uax31.identifier_problem(name) is None


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Me Too", "character"),
        ("me-too", "character"),
        ("a\u200cb", "joiner"),  # Latin letters do not join
        ("\u200cنرم", "joiner"),
        ("ا\u200cب", "joiner"),  # alef joins on one side only: nothing to break
        ("a\u200db", "joiner"),
        ("·illusio", "medial"),
        ("illusio·", "medial"),
        ("il··lusio", "medial"),
        ("me\u00adtoo", "character"),  # soft hyphen
        ("😀", "character"),
    ],
)
def test_not_identifiers(name: str, problem: str) -> None:
    assert uax31.identifier_problem(name) == problem
