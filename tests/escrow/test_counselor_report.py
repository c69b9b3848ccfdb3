"""The counselor's report is read by a person: counts in words, identifiers as people write
them ("X: @name"), never a Python list."""

from __future__ import annotations

import pytest

from notalone.escrow.counselor import OpenedMatch, counted, readable_identifier, report
from notalone.escrow.crypto.entry import OpenedRecord


@pytest.mark.parametrize(
    ("canonical", "shown"),
    [
        ("x:somehandle", "X: @somehandle"),
        ("instagram:some.name", "Instagram: @some.name"),
        ("tiktok:some.name", "TikTok: @some.name"),
        ("mastodon:someone@example.social", "Mastodon: @someone@example.social"),
        ("reddit:some_name", "Reddit: u/some_name"),
        ("linkedin:some-name", "LinkedIn: linkedin.com/in/some-name"),
        ("youtube:@somename", "YouTube: @somename"),
        ("facebook:id:1000123", "Facebook: profile number 1000123"),
        ("github:someone", "GitHub: someone"),
        ("email:jane.doe@example.com", "E-mail: jane.doe@example.com"),
        ("phone:+14155550100", "Phone: +1 415-555-0100"),
        ("something-else", "something-else"),
    ],
)
def test_identifiers_read_as_a_person_writes_them(canonical: str, shown: str) -> None:
    assert readable_identifier(canonical) == shown


def test_counts_agree_with_their_number() -> None:
    assert [counted(n, "match", "matches") for n in (0, 1, 2)] == [
        "0 matches",
        "1 match",
        "2 matches",
    ]


def test_the_report_names_identifiers_in_words_and_counts_one_match() -> None:
    record = OpenedRecord(
        entry_id=bytes(16),
        record={"named": ["x:somehandle", "email:a@example.com"], "what": "Fictional."},
    )
    text = report([OpenedMatch("m1", "ab" * 32, records=[record])], site="https://site.example/")
    assert "1 match." in text
    assert "1 entry opened" in text
    assert "    - X: @somehandle" in text
    assert "    - E-mail: a@example.com" in text
    assert "['" not in text
    assert "x:somehandle" not in text


def test_the_report_shows_what_matched_and_what_each_survivor_typed() -> None:
    """Issue 10, follow-up item 5: the counselor sees the canonical form that matched and what
    each survivor wrote for it (kept in the sealed record as ``typed``)."""
    first = OpenedRecord(
        entry_id=bytes(16),
        record={
            "named": ["email:a@example.com", "x:fake_user"],
            "typed": [
                {"text": "A@Example.com", "kind": ""},
                {"text": "https://x.com/Fake_User?s=20", "kind": ""},
            ],
            "what": "Fictional.",
        },
    )
    second = OpenedRecord(
        entry_id=bytes([1]) * 16,
        record={
            "named": ["x:fake_user"],
            "typed": [{"text": "@fake_user", "kind": "x"}],
            "what": "Fictional too.",
        },
    )
    match = OpenedMatch(
        "m1",
        "ab" * 32,
        records=[first, second],
        positions={bytes(16).hex(): 1, (bytes([1]) * 16).hex(): 0},
    )
    text = report([match], site="https://site.example/")
    assert text.count("**Matched on:**") == 2
    assert "    - X: @fake_user (canonical: `x:fake_user`)" in text
    assert "    - they wrote: “https://x.com/Fake_User?s=20”" in text
    assert "    - they wrote: “@fake_user” (chosen: X)" in text
    assert "**As they wrote it:**" in text
    # Without positions (an older platform), the identifier every record names is the match.
    match.positions = {}
    assert report([match], site="s").count("(canonical: `x:fake_user`)") == 2
    # A record from a browser that kept nothing of what was typed says so.
    del first.record["typed"]
    assert "what they wrote was not kept" in report([match], site="s")
