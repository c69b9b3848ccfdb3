"""The counselor's side: open released matches on the counselor's own machine and report.

The private key never leaves this machine; the platform hands over ciphertexts only. Each match
is opened with ``open_match`` (ESCROW_PROTOCOL.md §10): a share off the others' polynomial is
named as malformed and left out, and the rest are opened if q remain.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

from notalone.escrow.crypto import entry
from notalone.escrow.crypto.errors import EscrowCryptoError, MalformedShare
from notalone.escrow.identifier_messages import PLATFORM_NAMES

RECORD_FIELDS = (
    ("named", "Named as"),
    ("typed", "As they wrote it"),
    ("what", "What happened"),
    ("when", "When"),
    ("where", "Where"),
    ("witnesses", "Witnesses"),
    ("evidence", "Evidence they hold"),
    ("contact", "How to reach them"),
)


@dataclass
class OpenedMatch:
    match_id: str
    index: str
    records: list[entry.OpenedRecord] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)
    error: str | None = None
    #: entry id (hex) -> the position of the matched identifier in that entry (from the platform)
    positions: dict[str, int] = field(default_factory=dict)


def open_released(match: Mapping[str, Any], *, counselor_private_key: bytes) -> OpenedMatch:
    """Open one match as ``GET /matches/{id}`` returns it; never raises for bad entries."""
    realm, q = bytes.fromhex(match["realm"]), int(match["q"])
    result = OpenedMatch(str(match["id"]), match["index"])
    result.positions = {
        str(e["entry_id"]): int(e["position"])
        for e in match["entries"]
        if isinstance(e.get("position"), int)
    }
    entries = [
        entry.MatchedEntry(
            bytes.fromhex(e["entry_id"]),
            bytes.fromhex(e["record_ct"]),
            bytes.fromhex(e["index"]),
            bytes.fromhex(e["sealed"]),
        )
        for e in match["entries"]
    ]
    while True:
        try:
            result.records = entry.open_match(
                counselor_private_key=counselor_private_key, realm=realm, q=q, entries=entries
            )
            return result
        except MalformedShare as error:
            result.malformed.append(f"{error.entry_id.hex()}: {error}")
            entries = [e for e in entries if e.entry_id != error.entry_id]
        except EscrowCryptoError as error:
            # Includes TamperedCiphertext: name the entry and leave it out when we can.
            bad = next((e for e in entries if e.entry_id.hex() in str(error)), None)
            if bad is None:
                result.error = str(error)
                return result
            result.malformed.append(f"{bad.entry_id.hex()}: {error}")
            entries = [e for e in entries if e is not bad]


def counted(n: int, one: str, many: str) -> str:
    """``1 match``, ``2 matches``, ``0 matches``: the report is read by a person."""
    return f"{n} {one if n == 1 else many}"


# How a person writes a profile on each platform, after the platform's name ("X: @name").
_AT = {"x", "instagram", "tiktok", "mastodon"}
_SHOWN_PREFIX = {"reddit": "u/", "linkedin": "linkedin.com/in/", "snapchat": "", "github": ""}


def readable_identifier(canonical: str) -> str:
    """A canonical identifier (ESCROW_PROTOCOL.md §2) as a person reads it: ``x:somehandle``
    becomes ``X: @somehandle``, ``phone:+14155550100`` becomes ``Phone: +1 415-555-0100``.
    Anything not in a known form is shown as it is."""
    kind, sep, value = canonical.partition(":")
    if not sep or not value:
        return canonical
    if kind == "email":
        return f"E-mail: {value}"
    if kind == "phone":
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            return f"Phone: {value}"
        return "Phone: " + phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    name = PLATFORM_NAMES.get(kind)
    if name is None:
        return canonical
    if kind == "facebook" and value.startswith("id:"):
        return f"Facebook: profile number {value.removeprefix('id:')}"
    if kind == "youtube":
        return f"YouTube: {value}"
    if kind in _AT:
        return f"{name}: @{value}"
    return f"{name}: {_SHOWN_PREFIX.get(kind, '')}{value}"


def _indented(text: str) -> list[str]:
    return ["    " + line for line in text.splitlines()] or ["    (empty)"]


def _format_value(key: str, value: Any) -> str:
    """A record's value as lines a person reads: never a Python list or dict."""
    if key == "typed" and isinstance(value, list):
        return "\n".join(f"    - {_typed_text(item) or item}" for item in value) or "    (empty)"
    if key == "named" and isinstance(value, list):
        return "\n".join(f"    - {readable_identifier(str(item))}" for item in value) or (
            "    (empty)"
        )
    if isinstance(value, list):
        return "\n".join(f"    - {item}" for item in value) or "    (empty)"
    if isinstance(value, dict):
        return "\n".join(f"    - {k}: {v}" for k, v in value.items()) or "    (empty)"
    return "\n".join(_indented(value if isinstance(value, str) else str(value)))


def _typed_text(typed: Any) -> str | None:
    """One ``typed`` item of a record (``{"text", "kind"}``) as a line: what was written, in
    quotes, and the platform chosen for it if one was."""
    if not isinstance(typed, dict) or not isinstance(typed.get("text"), str):
        return None
    kind = typed.get("kind")
    chosen = (
        f" (chosen: {PLATFORM_NAMES.get(kind, kind)})" if isinstance(kind, str) and kind else ""
    )
    return f"“{typed['text']}”{chosen}"


def matched_identifier(match: OpenedMatch, record: entry.OpenedRecord) -> list[str]:
    """Lines saying which identifier of this entry matched, in its canonical form and as the
    survivor wrote it. The platform says which item matched (its position); a record's
    ``named`` and ``typed`` are in item order. Without a position (an older platform) the
    matched identifier is the one every opened record names; without ``typed`` (an older
    browser) only the canonical form is known."""
    named = record.record.get("named")
    typed = record.record.get("typed")
    if not isinstance(named, list):
        return []
    position = match.positions.get(record.entry_id.hex())
    if position is None:
        common = set(named)
        for other in match.records:
            other_named = other.record.get("named")
            common &= set(other_named) if isinstance(other_named, list) else set()
        if len(common) != 1:
            return []
        position = named.index(next(iter(common)))
    if not 0 <= position < len(named):
        return []
    lines = [f"    - {readable_identifier(str(named[position]))} (canonical: `{named[position]}`)"]
    written = (
        _typed_text(typed[position]) if isinstance(typed, list) and position < len(typed) else None
    )
    lines.append(
        f"    - they wrote: {written}" if written else "    - what they wrote was not kept"
    )
    return lines


def report(opened: Sequence[OpenedMatch], *, site: str) -> str:
    """A Markdown report, readable as plain text."""
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# NotAlone escrow: opened matches",
        "",
        f"From {site}, opened {now} on this machine. Keep this file as safely as the key.",
        f"{counted(len(opened), 'match', 'matches')}.",
        "",
    ]
    if not opened:
        lines += ["No match has been released.", ""]
    for match in opened:
        lines += [f"## Match {match.match_id}", ""]
        lines.append(
            f"{counted(len(match.records), 'entry', 'entries')} opened "
            f"(matching index {match.index[:16]}…)."
        )
        lines.append("")
        for name in match.malformed:
            lines.append(f"- MALFORMED, not used: entry {name}")
        if match.error:
            lines += [f"Could not open this match: {match.error}", ""]
        for number, record in enumerate(match.records, start=1):
            lines += [f"### Entry {number} ({record.entry_id.hex()})", ""]
            matched = matched_identifier(match, record)
            if matched:
                lines += ["**Matched on:**", "", *matched, ""]
            shown = set()
            for key, label in RECORD_FIELDS:
                if key in record.record:
                    shown.add(key)
                    lines += [f"**{label}:**", "", _format_value(key, record.record[key]), ""]
            for key in sorted(set(record.record) - shown):
                lines += [f"**{key}:**", "", _format_value(key, record.record[key]), ""]
    return "\n".join(lines) + "\n"
