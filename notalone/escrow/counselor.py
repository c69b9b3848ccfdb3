"""The counselor's side: open released matches on the counselor's own machine and report.

The private key never leaves this machine; the platform hands over ciphertexts only. Each match
is opened with ``open_match`` (ESCROW.md §3): a share off the others' polynomial is named as
malformed and left out, and the rest are opened if q remain.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from notalone.escrow.crypto import entry
from notalone.escrow.crypto.errors import EscrowCryptoError, MalformedShare

RECORD_FIELDS = (
    ("named", "Named as"),
    ("what", "What happened"),
    ("when", "When"),
    ("where", "Where"),
    ("witnesses", "Witnesses"),
    ("evidence", "Evidence they hold"),
    ("contact", "How to reach them"),
)


@dataclass
class OpenedMatch:
    match_id: int
    index: str
    records: list[entry.OpenedRecord] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)
    error: str | None = None


def open_released(match: Mapping[str, Any], *, counselor_private_key: bytes) -> OpenedMatch:
    """Open one match as ``GET /matches/{id}`` returns it; never raises for bad entries."""
    realm, q = bytes.fromhex(match["realm"]), int(match["q"])
    result = OpenedMatch(int(match["id"]), match["index"])
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


def _format_value(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return "\n".join("    " + line for line in text.splitlines()) or "    (empty)"


def report(opened: Sequence[OpenedMatch], *, site: str) -> str:
    """A Markdown report, readable as plain text."""
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# NotAlone escrow: opened matches",
        "",
        f"From {site}, opened {now} on this machine. Keep this file as safely as the key.",
        "",
    ]
    if not opened:
        lines += ["No match has been released.", ""]
    for match in opened:
        lines += [f"## Match {match.match_id}", ""]
        lines.append(f"{len(match.records)} entries opened (matching index {match.index[:16]}…).")
        lines.append("")
        for name in match.malformed:
            lines.append(f"- MALFORMED, not used: entry {name}")
        if match.error:
            lines += [f"Could not open this match: {match.error}", ""]
        for number, record in enumerate(match.records, start=1):
            lines += [f"### Entry {number} ({record.entry_id.hex()})", ""]
            shown = set()
            for key, label in RECORD_FIELDS:
                if key in record.record:
                    shown.add(key)
                    lines += [f"**{label}:**", "", _format_value(record.record[key]), ""]
            for key in sorted(set(record.record) - shown):
                lines += [f"**{key}:**", "", _format_value(record.record[key]), ""]
    return "\n".join(lines) + "\n"
