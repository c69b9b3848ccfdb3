"""The PII shield's preview of a story being written (``notalone.safety.find_pii``).

The same panel serves the page without JavaScript (the form's "Check for personal details"
button, then one button per finding: replace it with a role or a generic word, or keep it)
and htmx (the panel refreshes as the writer types; a button swaps the whole form). Nothing is
stored: the text only travels between the writer's browser and this process.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import pgettext

from notalone import safety
from notalone.core.ids import parse_count
from notalone.safety import pii
from notalone.safety.pii import MAX_SCAN, names_accused, reads_names, replacement_choices

# Buttons of the panel: "pii_replace" = "start:end:replacement", "pii_keep" = the kept text.
REPLACE = "pii_replace"
KEEP = "pii_keep"
KEPT = "pii_kept"
PREVIEW = "pii_preview"
# The panel's proof that the writer saw its findings for these exact words: sent back with
# "Share my story", it lets the story through; other words are checked again first.
SEEN = "pii_seen"
FORM_URL = re.compile(r"^/stories/(?:new/|[A-Za-z0-9]{16}/edit/)$")


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str = ""


@dataclass(frozen=True)
class Shown:
    finding: safety.PiiFinding
    choices: list[str]
    label: str


def kind_label(kind: str) -> str:
    """The name of a kind of finding (``pii.KINDS``) in the reader's language."""
    labels = {
        "person": pgettext("kind of personal detail", "person"),
        "email": pgettext("kind of personal detail", "e-mail address"),
        "phone": pgettext("kind of personal detail", "phone number"),
        "url": pgettext("kind of personal detail", "web address"),
        "handle": pgettext("kind of personal detail", "social media account"),
        "location": pgettext("kind of personal detail", "place"),
        "organization": pgettext("kind of personal detail", "organisation"),
        "date": pgettext("kind of personal detail", "date"),
    }
    return labels.get(kind, pgettext("kind of personal detail", "personal detail"))


def seen_token(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def needs_review(post: QueryDict) -> bool:
    """Whether "Share" must first show the panel: the words hold findings the writer has
    neither seen in the panel nor chosen to keep (without JavaScript, or typed after the
    panel last looked). Never twice for the same words."""
    body = post.get("body", "")
    if post.get(SEEN) == seen_token(body):
        return False
    kept = set(post.getlist(KEPT))
    return any(f.text not in kept for f in safety.find_pii(body))


def carried(post: QueryDict) -> dict[str, object]:
    """What a refused form carries on from the PII step: the proof that the writer saw the
    findings for these words (only if it is for these words) and what they chose to keep, so
    correcting another field does not bring the same step back."""
    body = post.get("body", "")
    seen = post.get(SEEN, "")
    return {
        "pii_seen_carried": seen if seen and seen == seen_token(body) else "",
        "pii_kept": [k for k in post.getlist(KEPT) if k][:100],
    }


def is_pii_action(post: QueryDict) -> bool:
    return any(name in post for name in (REPLACE, KEEP, PREVIEW))


def apply_action(post: QueryDict) -> tuple[str, list[str]]:
    """The body after the button pressed (one replacement, or one more kept finding), and
    the texts the writer chose to keep. A stale or forged button changes nothing."""
    body = post.get("body", "")
    kept = [k for k in post.getlist(KEPT) if k][:100]
    if REPLACE in post:
        start_s, _sep, rest = post.get(REPLACE, "").partition(":")
        end_s, _sep, new = rest.partition(":")
        start, end = parse_count(start_s), parse_count(end_s)
        if start is not None and end is not None and new:
            offered = {c for kind in pii.KINDS for c in replacement_choices(kind)}
            findings = safety.find_pii(body)
            chosen = next((f for f in findings if f.start == start and f.end == end), None)
            if new in offered and chosen is not None:
                body = safety.apply_replacements(body, _everywhere(body, chosen, findings, new))
    if KEEP in post:
        keep = post.get(KEEP, "")
        if keep and keep not in kept:
            kept.append(keep)
    return body, kept


def _everywhere(
    body: str, chosen: safety.PiiFinding, findings: list[safety.PiiFinding], new: str
) -> list[tuple[int, int, str]]:
    """Every occurrence of the chosen text, as a whole word: the writer means the person or
    the number, not one place in the text. Occurrences inside another finding (a name within
    an e-mail address) are left to that finding."""
    others = [f for f in findings if f.text != chosen.text]
    spans = []
    pattern = re.compile(rf"(?<!\w){re.escape(chosen.text)}(?!\w)")
    for m in pattern.finditer(body):
        if not any(f.start < m.end() and m.start() < f.end for f in others):
            spans.append((m.start(), m.end(), new))
    return spans or [(chosen.start, chosen.end, new)]


def panel_context(body: str, kept: list[str], form_url: str) -> dict[str, object]:
    everything = safety.find_pii(body)
    findings = [f for f in everything if f.text not in kept]
    segments, last = [], 0
    for f in findings:
        segments += [Segment(body[last : f.start]), Segment(f.text, f.kind)]
        last = f.end
    segments.append(Segment(body[last:]))
    return {
        "pii_checked": True,
        "pii_seen": seen_token(body),
        "pii_findings": [
            Shown(f, replacement_choices(f.kind), kind_label(f.kind)) for f in findings
        ],
        "pii_segments": segments,
        "pii_kept": kept,
        # A kept name is still a name: the notice stays while the story names the accused.
        "pii_names_accused": names_accused(body, everything),
        "pii_names_unread": not reads_names(body),
        "pii_truncated": len(body) > MAX_SCAN,
        "pii_max": MAX_SCAN,
        "pii_form_url": form_url if FORM_URL.match(form_url) else "",
    }
