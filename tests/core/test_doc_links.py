"""Every link in the repository's Markdown points to a file (and heading) inside the repository.

A clone must be readable on its own: a relative link to a missing file, or to a file outside the
checkout (the design notes the project started from lived in a sibling folder), is a broken link.
Web links (any ``scheme:``) are not fetched. Anchors are checked against the target's ATX
headings (``## Title``) slugged as GitHub does: lower case, punctuation dropped, spaces to hyphens.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRECTORIES = {"node_modules", "build", "dist", "__pycache__"}
TEXT_SUFFIXES = {".md", ".py", ".html", ".js", ".mjs", ".json", ".toml", ".sh", ".txt", ".cfg"}
# The documents the project was first specified in, which live outside the repository.
OUTSIDE_DOCUMENTS = re.compile(
    r"\.\./shared/|/work/shared|\bshared/\w+\.md|(?<![\w./-])(?:DESIGN|ESCROW|STYLE)\.md\b"
)

FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+[\"'(][^)]*)?\)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)", re.MULTILINE)
HTML_LINK = re.compile(r"<(?:a|img)\b[^>]*?\b(?:href|src)=\"([^\"]*)\"", re.IGNORECASE)
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _repository_files(suffixes: set[str], names: frozenset[str] = frozenset()) -> list[Path]:
    found = []
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = sorted(
            d
            for d in subdirectories
            if not d.startswith(".")
            and d not in SKIPPED_DIRECTORIES
            and not d.endswith(".egg-info")
        )
        for name in sorted(files):
            if Path(name).suffix in suffixes or name in names:
                found.append(Path(directory) / name)
    return found


MARKDOWN_FILES = _repository_files({".md"})


def _without_code(markdown: str) -> str:
    return CODE_SPAN.sub("", FENCE.sub("", markdown))


def _targets(markdown: str) -> list[str]:
    text = _without_code(markdown)
    raw = [
        *INLINE_LINK.findall(text),
        *REFERENCE_DEFINITION.findall(text),
        *HTML_LINK.findall(text),
    ]
    return [target.strip("<>") for target in raw]


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text, lower-cased, punctuation dropped."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = text.replace("`", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """Every heading's anchor, with GitHub's -1, -2 … suffixes for repeated headings."""
    seen: dict[str, int] = {}
    found = set()
    for heading in ATX_HEADING.findall(FENCE.sub("", markdown)):
        slug = github_slug(heading)
        found.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return found


def _problem(source: Path, target: str) -> str | None:
    """Why ``target``, linked from ``source``, is broken; None if it is fine or not checked."""
    if SCHEME.match(target):
        return None  # a web (or mailto:) link: not fetched
    path_part, _, anchor = target.partition("#")
    if path_part:
        path_part = unquote(path_part)
        base = ROOT if path_part.startswith("/") else source.parent
        resolved = Path(os.path.normpath(base / path_part.lstrip("/")))
        if resolved != ROOT and ROOT not in resolved.parents:
            return f"{target!r} points outside the repository"
        if not resolved.exists():
            return f"{target!r} does not exist"
    else:
        resolved = source
    is_markdown = resolved.suffix == ".md" and resolved.is_file()
    if anchor and is_markdown and unquote(anchor).lower() not in anchors(resolved.read_text()):
        return f"{target!r}: {resolved.relative_to(ROOT)} has no heading #{anchor}"
    return None


def test_the_markdown_files_include_the_readme_and_the_docs() -> None:
    names = {str(path.relative_to(ROOT)) for path in MARKDOWN_FILES}
    assert {"README.md", "BENCHMARKS.md", "docs/ESCROW_PROTOCOL.md"} <= names


@pytest.mark.parametrize(
    "markdown", MARKDOWN_FILES, ids=[str(p.relative_to(ROOT)) for p in MARKDOWN_FILES]
)
def test_every_relative_link_points_to_a_file_in_the_repository(markdown: Path) -> None:
    problems = [
        problem
        for target in _targets(markdown.read_text())
        if (problem := _problem(markdown, target)) is not None
    ]
    assert not problems, f"{markdown.relative_to(ROOT)}: " + "; ".join(problems)


def test_no_file_refers_to_the_design_documents_outside_the_repository() -> None:
    mentions = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _repository_files(TEXT_SUFFIXES, frozenset({"Makefile"}))
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1)
        if OUTSIDE_DOCUMENTS.search(line)
    ]
    assert not mentions, "\n".join(mentions)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "See [the protocol](ESCROW_PROTOCOL.md#11-keys-people-check).",
            ["ESCROW_PROTOCOL.md#11-keys-people-check"],
        ),
        ('[a](<docs/a b.md>) and [b](b.md "title")', ["docs/a b.md", "b.md"]),
        ("`[not](a-link.md)` and\n```\n[nor](this.md)\n```\n", []),
        ("[ref]: ../shared/DESIGN.md\n", ["../shared/DESIGN.md"]),
        ('<a href="docs/x.md">x</a>', ["docs/x.md"]),
    ],
)
def test_links_are_found_where_markdown_puts_them(markdown: str, expected: list[str]) -> None:
    assert _targets(markdown) == expected


def test_slugs_follow_github() -> None:
    text = "# The OPRF (RFC 9497)\n## 13.3 The two clients' `bytes`\n## Notes\n## Notes\n"
    assert anchors(text) == {
        "the-oprf-rfc-9497",
        "133-the-two-clients-bytes",
        "notes",
        "notes-1",
    }


def test_a_link_outside_the_repository_is_reported() -> None:
    problem = _problem(ROOT / "README.md", "../shared/DESIGN.md")
    assert problem is not None
    assert "outside the repository" in problem
