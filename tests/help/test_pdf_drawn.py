"""What the story PDF draws, read from the page itself rather than from its text layer.

pdftotext reads each left-to-right run's /ActualText and pypdf turns right-to-left text
round on its own, so both can read the right words from a page that draws the wrong ones.
These tests follow the page's content stream the way a viewer does: the font in effect
(``Tf``, saved by ``q`` and restored by ``Q``), where each glyph is placed (``Td``, ``Tm``),
and what each glyph of that font stands for (its /ToUnicode map). A line is its glyphs
from left to right, as a reader's eye meets them. One case is also rendered with pdftoppm
and compared, pixel for pixel, with a known-good rendering.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.generic import ContentStream

from notalone.help.pdf import story_pdf

WRITTEN = datetime.datetime(2026, 3, 8, 9, 30, tzinfo=datetime.UTC)
MADE = datetime.datetime(2026, 11, 28, 17, 5, 12, tzinfo=datetime.UTC)
ZWNJ = "\u200c"


def _pdf(title: str, body: str) -> bytes:
    return story_pdf(title=title, body=body, written_at=WRITTEN, generated_at=MADE)


def _to_unicode(font: dict) -> dict[int, str]:
    """A font's /ToUnicode map: glyph code to the text it stands for."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    codes: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, target in re.findall(r"<([0-9A-F]+)>\s*<([0-9A-F]*)>", block, re.I):
            codes[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, target in re.findall(
            r"<([0-9A-F]+)>\s*<([0-9A-F]+)>\s*<([0-9A-F]+)>", block, re.I
        ):
            for offset in range(int(last, 16) - int(first, 16) + 1):
                codes[int(first, 16) + offset] = chr(int(target, 16) + offset)
    return codes


def _drawn_glyphs(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """For each page, its glyphs in the order drawn: how far down the page the line they sit
    on is (points), how far from the left edge they start, and the text each stands for in
    the font in effect."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        maps = {
            name: _to_unicode(font.get_object())
            for name, font in page["/Resources"]["/Font"].items()
        }
        glyphs: list[tuple[float, float, str]] = []
        font, saved = None, []
        line_x = line_y = 0.0
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"q":
                saved.append(font)
            elif operator == b"Q":
                font = saved.pop()
            elif operator == b"Tf":
                font = operands[0]
            elif operator == b"BT":
                line_x = line_y = 0.0
            elif operator == b"Td":
                line_x, line_y = line_x + float(operands[0]), line_y + float(operands[1])
            elif operator == b"Tm":
                line_x, line_y = float(operands[4]), float(operands[5])
            elif operator in (b"Tj", b"TJ"):
                strings = operands[0] if operator == b"TJ" else [operands[0]]
                for string in strings:
                    if isinstance(string, (int, float)):
                        continue
                    raw = getattr(string, "original_bytes", None) or bytes(string)
                    for index in range(0, len(raw), 2):
                        code = int.from_bytes(raw[index : index + 2], "big")
                        text = maps[font].get(code, "\ufffd")
                        glyphs.append((round(height - line_y, 1), line_x, text))
        pages.append(glyphs)
    return pages


def _drawn_lines(pdf: bytes) -> list[list[str]]:
    """For each page, its lines top to bottom, each the text of its glyphs left to right."""
    pages = []
    for glyphs in _drawn_glyphs(pdf):
        lines: dict[float, list[tuple[float, int, str]]] = {}
        for order, (down, left, text) in enumerate(glyphs):
            lines.setdefault(down, []).append((left, order, text))
        pages.append(["".join(text for *_, text in sorted(lines[down])) for down in sorted(lines)])
    return pages


def _line_with(pdf: bytes, letters: str) -> str:
    lines = [line for page in _drawn_lines(pdf) for line in page]
    found = [line for line in lines if letters in line]
    assert found, f"{letters!r} is drawn on no line of {lines}"
    return found[0]


ENGLISH = "I was harassed at work for a year."
ARABIC = "تعرضت للتحرش في العمل."
HEBREW = "הוא הטריד אותי בעבודה."


def _visual(logical: str) -> str:
    """A line of one right-to-left script as drawn: its letters from left to right."""
    return logical[::-1]


@pytest.mark.parametrize(
    "body",
    [
        f"💜\n\n{ENGLISH}\n{ARABIC}\n{HEBREW}",
        f"💜\n{ENGLISH}\n{ARABIC}\n{HEBREW}",
        f"💜🌹\n{ENGLISH}\n{ARABIC}\n{HEBREW}",
    ],
    ids=["emoji-blank-line", "emoji-line", "two-emoji"],
)
def test_paragraphs_after_an_emoji_only_line_are_drawn_with_their_own_font(body: str) -> None:
    # The emoji-only line left the page on the digest's monospaced font while the PDF went
    # on drawing the main font's glyphs: every later paragraph came out as hex-like gibberish.
    pdf = _pdf("Me too", body)
    lines = _drawn_lines(pdf)[0]
    assert "💜" in _line_with(pdf, "💜")
    assert ENGLISH in lines
    assert _visual(ARABIC) in lines
    assert _visual(HEBREW) in lines
    assert not any("\ufffd" in line for line in lines)
    # The printed parts after the story too.
    assert "About this record" in lines


def _render(pdf: bytes, tmp_path: Path, name: str) -> bytes:
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: run `make fonts` (poppler-utils)")
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-gray", "-singlefile", str(source), str(tmp_path / name)],
        check=True,
    )
    return (tmp_path / f"{name}.pgm").read_bytes()


def _rows(image: bytes) -> list[bytes]:
    """The pixel rows of a binary PGM (P5) image."""
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", image)
    assert header is not None
    width, height = int(header[1]), int(header[2])
    pixels = image[header.end() :]
    return [pixels[row * width : (row + 1) * width] for row in range(height)]


def _baseline_of(pdf: bytes, text: str) -> float:
    """How far down the first page the line that draws ``text`` sits, in points."""
    glyphs = _drawn_glyphs(pdf)[0]
    for down in sorted({glyph[0] for glyph in glyphs}):
        drawn = "".join(
            t for *_, t in sorted((x, i, t) for i, (d, x, t) in enumerate(glyphs) if d == down)
        )
        if text in drawn:
            return down
    raise AssertionError(f"{text!r} is not drawn")


def test_the_page_after_an_emoji_line_looks_as_it_does_after_a_letter(tmp_path: Path) -> None:
    # Known good: the same story whose first line is a letter of the main font. Below that
    # first line (and the digest, which differs too), the two pages are the same pixels.
    story = f"\n\n{ENGLISH}\n{ARABIC}\n{HEBREW}"
    known_good = _pdf("Me too", "x" + story)
    emoji = _rows(_render(_pdf("Me too", "💜" + story), tmp_path, "emoji"))
    letter = _rows(_render(known_good, tmp_path, "letter"))
    assert len(emoji) == len(letter)
    differing = [row for row, (a, b) in enumerate(zip(emoji, letter, strict=True)) if a != b]
    assert differing, "an emoji and a letter should not look the same"
    # The top of the English paragraph (its line less the 11 pt type), in rows at 60 dpi.
    english_top = (_baseline_of(known_good, ENGLISH) - 11) * 60 / 72
    assert max(differing) < english_top


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            # Persian, with zero-width non-joiners inside both words, in an English sentence.
            f"I work in software (نرم{ZWNJ}افزار می{ZWNJ}کنم) here.",
            "I work in software (" + _visual(f"نرم{ZWNJ}افزار می{ZWNJ}کنم") + ") here.",
        ),
        (
            # An Arabic clause with a number inside: after Arabic letters the digits are
            # Arabic numbers and the hyphens between them do not join them (UAX #9, W2 and W4),
            # so the three groups run right to left like the words around them, and the clause
            # typed first is drawn at the right.
            "Line: رقم الخط 1-800-555 في المدينة.",
            "Line: " + _visual(" في المدينة") + "555-800-1" + _visual("رقم الخط ") + ".",
        ),
        (
            "She wrote אני גם and MeToo.",
            "She wrote " + _visual("אני גם") + " and MeToo.",
        ),
    ],
    ids=["persian-in-english", "arabic-with-number-in-english", "hebrew-in-english"],
)
def test_right_to_left_runs_in_a_left_to_right_line_are_drawn_in_bidi_order(
    body: str, expected: str
) -> None:
    pdf = _pdf("Story", body)
    drawn = _line_with(pdf, body[:4])
    # The joiner draws nothing; whether it is written as a glyph is the font's business.
    assert drawn.replace(ZWNJ, "") == expected.replace(ZWNJ, "")


@pytest.mark.parametrize("language", ["en", "es", "fr", "hi", "ar"])
def test_the_footer_prints_the_number_of_pages(language: str) -> None:
    body = "\n".join(["A long story, told one line at a time."] * 80)
    with translation.override(language):
        pdf = _pdf("Story", body)
        pages = _drawn_lines(pdf)
        total = len(pages)
        footers = [_("Page %(page)d of {nb}") % {"page": page} for page in range(1, total + 1)]
    assert total >= 2
    for number, lines in enumerate(pages, start=1):
        footer = lines[-1]
        # Whatever the direction, the footer draws the page number and the total, and the
        # letters of its own language.
        assert sorted(re.findall(r"\d+", footer)) == sorted([str(number), str(total)])
        expected = footers[number - 1].replace("{nb}", str(total))
        assert Counter(footer.replace(" ", "")) == Counter(expected.replace(" ", ""))
