"""The story PDF in every script (issue 11): shaped, in its own direction, nothing missing.

Text is read back with both common extractors. pdftotext (poppler) reads the /ActualText of
left-to-right lines, so Devanagari clusters come back as written; it reads the lam-alef
ligature of a right-to-left line backwards (poppler 22), so Arabic and Hebrew are read with
pypdf, which reads them in logical order (pypdf loses the CJK font's text, so Japanese is
read with pdftotext only). Where a reader may put a sentence's final full stop
at either end of a right-to-left line (a neutral character between runs), the check is on
the sequence of words, letters and marks included.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from notalone.help.pdf import _StoryPDF, paragraph_direction, story_pdf

WRITTEN = datetime.datetime(2026, 3, 8, 9, 30, tzinfo=datetime.UTC)
MADE = datetime.datetime(2026, 11, 28, 17, 5, 12, tzinfo=datetime.UTC)
WORD = re.compile(r"[\w\u0300-\u036f\u064b-\u065f\u0670\u0591-\u05c7\u0900-\u097f]+")

ARABIC = (
    "قصتي",
    "تعرضت للتحرّش في العمل من مديري لمدة ثلاث سنوات، ولم أخبر أحداً.\n"
    "اليوم أكتب لأن قصص الأخريات ساعدتني على الكلام، وأريد أن أقول لكل من مرت بهذا "
    "إنها ليست وحدها، وإن ما حدث لم يكن خطأها أبداً، وإن هناك من يصدقها ويقف معها.",
)
HEBREW = ("הסיפור שלי", "הוא הטריד אותי בעבודה במשך שנה, ולא סיפרתי לאף אחד.")
HINDI = (
    "मेरी कहानी",
    "मुझे काम पर हिंसा का सामना करना पड़ा। मैंने किसी को नहीं बताया, लेकिन आज मैं लिख रही "
    "हूँ क्योंकि दूसरों की कहानियों ने मेरी मदद की और अब मैं अकेली नहीं हूँ।",
)
JAPANESE = (
    "私の話",
    "私は職場でセクハラを受けました。誰にも言えませんでした。"
    "でも、ほかの人の話を読んで、一人ではないと分かりました。",
)


def _pdf(title: str, body: str) -> bytes:
    return story_pdf(title=title, body=body, written_at=WRITTEN, generated_at=MADE)


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: run `make fonts` (poppler-utils)")
    path = tmp_path / "story.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _pypdf(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _squeezed(text: str) -> str:
    # Whitespace (line breaks, pypdf's spaces between CJK glyphs) and bidi controls aside.
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e]+", "", text)


def _nothing_left_out(title: str, body: str) -> None:
    pdf = _StoryPDF()
    for text in (title, body):
        pdf._load_fonts_for(text)
        drawn, lost = pdf.drawable(text)
        assert not lost, "a character has no font: run `make fonts`"
        assert drawn == text


@pytest.mark.parametrize("story", [HINDI, JAPANESE], ids=["hindi", "japanese"])
def test_left_to_right_scripts_read_back_as_written(story: tuple[str, str], tmp_path: Path) -> None:
    title, body = story
    _nothing_left_out(title, body)
    pdf = _pdf(title, body)
    text = _squeezed(_pdftotext(pdf, tmp_path))
    assert _squeezed(title) in text
    assert _squeezed(body) in text
    assert "cannot be drawn" not in text


@pytest.mark.parametrize("story", [ARABIC, HEBREW], ids=["arabic", "hebrew"])
def test_right_to_left_scripts_read_back_in_logical_order(story: tuple[str, str]) -> None:
    title, body = story
    _nothing_left_out(title, body)
    text = _pypdf(_pdf(title, body))
    assert WORD.findall(title)[0] in text
    # Every word, joined letters and marks included, in the order it was written.
    found = WORD.findall(text)
    expected = WORD.findall(body)
    start = found.index(expected[0])
    assert found[start : start + len(expected)] == expected
    assert "cannot be drawn" not in " ".join(text.split())


def test_each_paragraph_takes_its_own_direction() -> None:
    assert paragraph_direction("تعرضت للتحرش MeToo") == "rtl"
    assert paragraph_direction("MeToo تعرضت") == "ltr"
    assert paragraph_direction("2019 הוא") == "rtl"  # digits are weak: the letter decides
    assert paragraph_direction("2019 — ...") == "ltr"
    assert paragraph_direction("私は") == "ltr"


def test_emoji_are_drawn(tmp_path: Path) -> None:
    title, body = "Me too 💜", "We are many 🌹✊🏽 and we are heard."
    _nothing_left_out(title, body)
    text = _pdftotext(_pdf(title, body), tmp_path)
    assert "💜" in text
    assert "🌹" in text


def test_a_character_no_font_draws_is_left_blank_and_said(tmp_path: Path) -> None:
    # U+1F8B0 is an assigned arrow that no font shipped by Debian's Noto packages draws here;
    # an unassigned private-use character stands in if a font ever covers it.
    missing = next(
        char
        for char in ("\U000f0001", "\U0001f8b0")
        if not ({ord(char)} & (_covered_by_every_font()))
    )
    pdf = _pdf("Story", f"A sign {missing} no font has.")
    text = " ".join(_pdftotext(pdf, tmp_path).split())
    assert "cannot be drawn with the fonts installed" in text
    assert missing not in text


def _covered_by_every_font() -> set[int]:
    pdf = _StoryPDF()
    pdf._load_fonts_for("\U000f0001\U0001f8b0")
    return set(pdf.covered or ())
