"""The story PDF in every script (issue 11): shaped, in its own direction, nothing missing.

Text is read back with both common extractors. pdftotext (poppler) reads the /ActualText of
left-to-right runs, so Devanagari clusters come back as written; it reads the lam-alef
ligature of a right-to-left line backwards and orders a line's runs by the page's majority
direction (poppler 22), so Arabic, Hebrew and Persian are read with pypdf, which reads the
page in the order it was written: logical, run by run (pypdf loses the CJK font's text, so
Japanese and Chinese are read with pdftotext only). Where a reader may put a neutral
character (a full stop, a space, "#") at either end of a right-to-left run, the check is on
the sequence of words, letters and marks included.

That the letters are shaped is read from the PDF itself: each font's /ToUnicode map says which
characters each drawn glyph stands for, so a joined Arabic letter shows as several glyphs for
one letter (its initial, medial and final forms), a lam-alef or a Devanagari conjunct as one
glyph for several characters, and an emoji sequence as one glyph for the whole sequence.
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
from pypdf import PdfReader

from notalone.help.pdf import _StoryPDF, content_digest, paragraph_direction, story_pdf

WRITTEN = datetime.datetime(2026, 3, 8, 9, 30, tzinfo=datetime.UTC)
MADE = datetime.datetime(2026, 11, 28, 17, 5, 12, tzinfo=datetime.UTC)
WORD = re.compile(r"[\w\u0300-\u036f\u064b-\u065f\u0670\u0591-\u05c7\u0900-\u097f]+")
# Words of one script at a time (a reader may drop the space where the direction changes).
SCRIPT_WORD = re.compile(
    r"[\u0600-\u06ef\u06fa-\u06ff\u0750-\u077f\u200c]+|[\u0590-\u05ff]+|[A-Za-z]+|[0-9]+"
)
PERSIAN_DIGITS = re.compile(r"[\u06f0-\u06f9]+")

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
PERSIAN = (
    "داستان من",
    # A zero-width non-joiner (U+200C) inside هیچ‌کس and می‌خواهم, and Persian digits.
    "من در محل کار آزار دیدم و به هیچ‌کس نگفتم. امروز در سال ۱۴۰۳ می‌خواهم بنویسم.",
)
# One story, three paragraphs, each in its own direction.
MIXED = (
    "قصتي",
    "كتبت هذا بعد حملة MeToo عام 2017، ولم أكن وحدي.\n"
    "I wrote this part in English, in 2018.\n"
    "الفقرة الثالثة بالعربية مع كلمة English في الوسط.",
)
CHINESE = ("我的故事", "我在工作中遭受了性骚扰。#米兔 让我知道：性侵不是我的错，我不是一个人。")  # noqa: RUF001
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


@pytest.mark.parametrize("story", [HINDI, JAPANESE, CHINESE], ids=["hindi", "japanese", "chinese"])
def test_left_to_right_scripts_read_back_as_written(story: tuple[str, str], tmp_path: Path) -> None:
    title, body = story
    _nothing_left_out(title, body)
    pdf = _pdf(title, body)
    text = _squeezed(_pdftotext(pdf, tmp_path))
    assert _squeezed(title) in text
    assert _squeezed(body) in text
    assert "cannot be drawn" not in text
    assert content_digest(title=title, body=body) in text


def _in_order(found: list[str], expected: list[str]) -> bool:
    """Whether ``expected`` occurs in ``found`` as one unbroken sequence."""
    return any(
        found[start : start + len(expected)] == expected
        for start in range(len(found) - len(expected) + 1)
    )


@pytest.mark.parametrize("story", [ARABIC, HEBREW, PERSIAN], ids=["arabic", "hebrew", "persian"])
def test_right_to_left_scripts_read_back_in_logical_order(
    story: tuple[str, str], tmp_path: Path
) -> None:
    title, body = story
    _nothing_left_out(title, body)
    pdf = _pdf(title, body)
    text = _pypdf(pdf)
    assert WORD.findall(title)[0] in text
    # Every word, joined letters and marks included, in the order it was written. pypdf
    # takes Persian digits for right-to-left letters and turns numbers round: poppler,
    # which knows them for digits, reads each number.
    assert _in_order(SCRIPT_WORD.findall(text), SCRIPT_WORD.findall(body))
    for number in PERSIAN_DIGITS.findall(body):
        assert number in _pdftotext(pdf, tmp_path)
    assert "cannot be drawn" not in " ".join(text.split())
    # The printed digest is of the text as written, not of the shaped glyphs.
    assert content_digest(title=title, body=body) in text


def _glyphs(pdf: bytes) -> list[Counter[str]]:
    """For each embedded font, how many glyphs stand for each text (its /ToUnicode map)."""
    fonts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            cmap = font.get_object()["/ToUnicode"].get_object().get_data().decode("latin-1")
            texts: Counter[str] = Counter()
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for _, target in re.findall(r"<([0-9A-F]+)>\s*<([0-9A-F]+)>", block, re.I):
                    texts[bytes.fromhex(target).decode("utf-16-be")] += 1
            fonts.append(texts)
    return fonts


def _drawn_as_one_glyph(pdf: bytes, text: str) -> bool:
    return any(text in font for font in _glyphs(pdf))


def _forms_of(pdf: bytes, letter: str) -> int:
    return max(font[letter] for font in _glyphs(pdf))


def test_arabic_and_persian_letters_join() -> None:
    arabic = _pdf(*ARABIC)
    # ت starts تعرضت and ends it: two forms; ي ends مديري after a medial ر... and so on.
    assert _forms_of(arabic, "ت") >= 2
    assert _forms_of(arabic, "م") >= 2
    # ثلاث: lam and alef make one glyph (the obligatory ligature).
    assert _drawn_as_one_glyph(arabic, "لا")
    persian = _pdf(*PERSIAN)
    assert _forms_of(persian, "ی") >= 2
    assert _forms_of(persian, "م") >= 2


def test_devanagari_conjuncts_are_formed() -> None:
    pdf = _pdf("क्षमा", "श्री ने स्त्री और प्रश्न के बारे में लिखा।")
    for cluster in ("क्ष", "श्र", "प्र"):
        assert _drawn_as_one_glyph(pdf, cluster), cluster
    # A zero-width joiner asks for the half form (क्‍ष): it stays in the Devanagari font's
    # run, so the virama is not drawn on its own.
    pdf = _pdf("क्‍ष", "वाक्‍य")
    assert _drawn_as_one_glyph(pdf, "क्")
    assert not _drawn_as_one_glyph(pdf, "्")


@pytest.mark.parametrize(
    ("language", "country", "face"),
    [("zh", "", "SC"), ("zh", "TW", "TC"), ("ja", "JP", "JP")],
)
def test_han_characters_are_drawn_the_way_the_story_s_language_writes_them(
    language: str, country: str, face: str
) -> None:
    # 骨, 直 and 今 are one code point each but written differently in China, Taiwan and Japan.
    pdf = story_pdf(
        title="我的故事",
        body="骨 直 今",
        written_at=WRITTEN,
        generated_at=MADE,
        language=language,
        country=country,
    )
    fonts = [
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    ]
    cjk = [name for name in fonts if "CJK" in name]
    assert len(cjk) == 1
    assert cjk[0].endswith(f"+NotoSansCJK{face}")


def test_emoji_sequences_are_drawn_as_one_emoji() -> None:
    family, rainbow, fist = "👩\u200d👩\u200d👧", "🏳\ufe0f\u200d🌈", "✊🏽"
    pdf = _pdf("Together", f"We are many {family} {rainbow} {fist} and we are heard.")
    for sequence in (family, rainbow, fist):
        assert _drawn_as_one_glyph(pdf, sequence), ascii(sequence)


def _lines(pdf: bytes, tmp_path: Path) -> list[tuple[set[str], float, float]]:
    """Each line's words (as poppler reads them, and turned round), left and right edge in
    points (pdftotext -bbox)."""
    path = tmp_path / "story.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines: dict[str, tuple[set[str], float, float]] = {}
    for left, top, right, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        html,
    ):
        words, start, end = lines.get(top, (set(), float("inf"), 0.0))
        words |= {*word.split(), *word[::-1].split()}
        lines[top] = (words, min(start, float(left)), max(end, float(right)))
    return list(lines.values())


def test_a_mixed_story_sets_each_paragraph_in_its_own_direction(tmp_path: Path) -> None:
    pdf = _pdf(*MIXED)
    lines = _lines(pdf, tmp_path)
    right_margin, left_margin = 595.28 - 20 * 72 / 25.4, 20 * 72 / 25.4

    def line_with(word: str) -> tuple[float, float]:
        return next((start, end) for words, start, end in lines if word in words)

    # Right-to-left paragraphs end at the right margin, short of the left one; the English
    # one starts at the left margin.
    for word in ("كتبت", "الثالثة"):
        start, end = line_with(word)
        assert end == pytest.approx(right_margin, abs=1)
        assert start > left_margin + 50
    start, end = line_with("English,")
    assert start == pytest.approx(left_margin, abs=1)
    assert end < right_margin - 50
    # Copied out, each paragraph reads in the order it was written, the English and the
    # digits inside the Arabic ones included.
    found = SCRIPT_WORD.findall(_pypdf(pdf))
    for paragraph in MIXED[1].split("\n"):
        assert _in_order(found, SCRIPT_WORD.findall(paragraph)), paragraph


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


def test_dates_read_left_to_right_in_a_right_to_left_pdf(tmp_path: Path) -> None:
    # After Arabic letters, 2026-03-08 would be drawn 08-03-2026 (UAX #9 W2): the PDF in
    # Arabic isolates its dates left to right, and no stray control is drawn or copied.
    edited = WRITTEN + datetime.timedelta(days=3)
    with translation.override("ar"):
        pdf = story_pdf(
            title=ARABIC[0], body=ARABIC[1], written_at=WRITTEN, edited_at=edited, generated_at=MADE
        )
    for text in (_pdftotext(pdf, tmp_path), _pypdf(pdf)):
        for moment in ("2026-03-08 09:30:00 UTC", "2026-03-11 09:30:00 UTC"):
            assert moment in text
        assert not re.search("[\u2066-\u2069]", text)
