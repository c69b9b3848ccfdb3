"""A member's story as a PDF: time-stamped, with the SHA-256 digest of its text printed.

What is hashed, exactly: the UTF-8 bytes of the title, two line feeds (U+000A U+000A), then
the body, as stored on the site, with no other change. ``content_digest`` computes it, and
the PDF prints that definition so anyone can recompute the digest from a copy of the text.

Text is shaped by HarfBuzz (fpdf2's text shaping through uharfbuzz): Arabic letters join,
Devanagari clusters form, emoji sequences (ZWJ, skin tones, flags) draw as one emoji, and each
paragraph takes its direction from its first strong character (UAX #9, rules P2 and P3), right
to left paragraphs aligned to the right. Each line is cut into its directional runs, placed
where the bidirectional algorithm puts them (fpdf2's UAX #9: an Arabic clause inside an English
sentence, and a number inside that clause, in the algorithm's order; ``pdf_bidi``) but written
into the page in logical order, so a
reader that copies in page order gets a mixed Arabic and English line as it was typed. Each
left-to-right run is also marked with its logical text (PDF ``/ActualText``), so a reader that
copies it gets the characters in the order they were written even where shaping reorders
glyphs (the Devanagari vowel sign ि is drawn before its consonant).

Fonts: fpdf2 embeds TrueType/OpenType fonts found in ``settings.PDF_FONT_DIRS``
(``NOTALONE_PDF_FONT_DIRS``; Debian's ``/usr/share/fonts`` by default, filled by ``make fonts``:
fonts-noto-core, fonts-noto-cjk, fonts-noto-color-emoji) and any font files named in
``NOTALONE_PDF_FONTS``, which are tried first. The main font is DejaVu Sans (Latin, Greek,
Cyrillic, Arabic, Hebrew); the others (Noto Sans Arabic, Hebrew, Devanagari, Bengali, Tamil,
Thai, CJK, Noto Color Emoji, ...; ``pdf_fonts``) are used for the characters the main font
lacks, and only those a PDF needs are loaded; Han characters take the Noto CJK face of the
story's language. A character no installed font can draw is left blank, never
drawn as a missing-glyph box, and the PDF says so; the digest is always computed from the
original text, never from what was drawn. docs/OPERATING.md tells operators what to install.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import unicodedata
from collections.abc import Iterator
from typing import Any

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import TextDirection
from fpdf.line_break import Fragment, TotalPagesSubstitutionFragment

from notalone.help.pdf_bidi import visual_runs
from notalone.help.pdf_fonts import (
    MAIN_FONTS,
    MONO_FONTS,
    cjk_region,
    clings,
    collection_face,
    coverage,
    fallback_paths,
    first_font,
    invisible,
)

# fontTools logs every subsetting step at INFO; a download is not worth a dozen log lines.
logging.getLogger("fontTools").setLevel(logging.WARNING)
logger = logging.getLogger(__name__)

_RTL = frozenset(("R", "AL"))
# ALM, LRM, RLM, the embeddings and overrides, and the isolates (UAX #9, 2.1 to 2.5).
_BIDI_CONTROLS = dict.fromkeys(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_LINE_HEIGHT = 0.5  # of the font size, in mm per point


def content_digest(*, title: str, body: str) -> str:
    """SHA-256, hex, of UTF-8(title + "\\n\\n" + body): the digest the PDF prints."""
    return hashlib.sha256(f"{title}\n\n{body}".encode()).hexdigest()


def paragraph_direction(text: str) -> str:
    """``"rtl"`` or ``"ltr"``: the direction of the first strong character (UAX #9 P2, P3),
    left to right when there is none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL:
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in _RTL for char in text)


def _utc(moment: datetime.datetime) -> str:
    """The moment in UTC, isolated left to right (LRI ... PDI) inside a right-to-left
    sentence: after Arabic letters the digits of 2026-03-08 are Arabic numbers (UAX #9 W2)
    and the hyphens between them do not join them, so it would read 08-03-2026."""
    shown = moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"\u2066{shown}\u2069" if get_language_bidi() else shown


def _actual_text(text: str) -> str:
    return "FEFF" + text.encode("utf-16-be").hex().upper()


class _StoryPDF(FPDF):
    def __init__(self, *, cjk_region: str | None = None) -> None:
        super().__init__(format="A4")
        self.cjk_region = cjk_region
        self.set_margins(20, 20, 20)
        # Runs of a line are placed at computed positions: no padding inside their cells.
        self.c_margin = 0
        self.set_auto_page_break(auto=True, margin=20)
        self.covered: set[int] | None = set()
        main = first_font(MAIN_FONTS)
        if main is None:
            # No TrueType font at all: the built-in Helvetica draws Latin-1 only, unshaped.
            logger.warning("No TrueType font found for story PDFs; see docs/OPERATING.md.")
            self.text_font = self.mono_font = "helvetica"
            self.covered = None
            return
        self.add_font("main", "", str(main))
        self.text_font = "main"
        self.covered.update(coverage(main))
        mono = first_font(MONO_FONTS)
        if mono is not None:
            self.add_font("mono", "", str(mono))
        self.mono_font = "mono" if mono is not None else "main"
        self.fallbacks: list[str] = []
        self.set_text_shaping(use_shaping_engine=True)

    def _load_fonts_for(self, text: str) -> None:
        """Add the fallback fonts that draw characters of ``text`` no loaded font has."""
        if self.covered is None:
            return
        needed = {ord(char) for char in text} - self.covered
        if not needed:
            return
        for path in fallback_paths():
            family = f"fallback-{path.name}"
            face = collection_face(path, self.cjk_region)
            useful = needed & coverage(path, face)
            if useful and family not in self.fallbacks:
                self.add_font(family, "", str(path), collection_font_number=face)
                self.covered.update(coverage(path, face))
                self.fallbacks.append(family)
                needed -= useful
        # Kept in the preference order of ``fallback_paths``, whatever order they came in.
        order = [f"fallback-{path.name}" for path in fallback_paths()]
        self.set_fallback_fonts(sorted(self.fallbacks, key=order.index))

    def _parse_chars(self, text: str, markdown: bool, **kwargs: Any) -> Iterator[Fragment]:
        """fpdf2's split of a text into one fragment per font, except that the characters
        that cling to a fallback font's character stay in its fragment (fpdf2 gives each
        character the first font that has it, and the main font has the joiners)."""
        merged: list[Fragment] = []
        for fragment in super()._parse_chars(text, markdown, **kwargs):
            previous = merged[-1] if merged else None
            if (
                previous is not None
                and previous.font is not fragment.font
                and not isinstance(previous, TotalPagesSubstitutionFragment)
            ):
                cmap = getattr(previous.font, "cmap", {})
                chars = fragment.characters
                cut = 0
                while cut < len(chars) and clings(chars[cut]):
                    # HarfBuzz hides an invisible one (U+FE0F) that the font lacks.
                    if ord(chars[cut]) not in cmap and not invisible(chars[cut]):
                        break
                    cut += 1
                previous.characters.extend(chars[:cut])
                fragment = fragment.clone(chars[cut:], link=fragment.link)
            if not fragment.characters:
                continue
            if (
                previous is not None
                # The page-count alias stands alone: merged into its neighbour, its stand-in
                # "000" would be drawn instead of the total (fpdf2 substitutes only its own
                # fragment).
                and not isinstance(previous, TotalPagesSubstitutionFragment)
                and not isinstance(fragment, TotalPagesSubstitutionFragment)
                and previous.font is fragment.font
                and previous.link == fragment.link
                and previous.graphics_state == fragment.graphics_state
            ):
                previous.characters.extend(fragment.characters)
                continue
            merged.append(fragment)
        yield from merged

    def cell(self, *args: Any, **kwargs: Any) -> bool:
        """fpdf2's cell, with the current font set on the page first.

        When a line starts with a fallback font's character (an emoji-only paragraph) and the
        font or its size has just changed, fpdf2 2.8 selects the main font inside the line's
        own ``q ... Q`` and then counts it as selected on the page; after ``Q`` the page is back
        on the font before (the digest's monospaced font), and every later line that fpdf2
        writes without a font change draws its glyph numbers with that font: gibberish.
        Selected here, outside any ``q ... Q``, the font is really the page's."""
        if self.page and self.current_font is not None and not self.current_font_is_set_on_page:
            self._out(self._set_font_for_page(self.current_font, self.font_size_pt))
        return super().cell(*args, **kwargs)

    def drawable(self, text: str) -> tuple[str, bool]:
        """The text as this PDF can draw it, and whether anything had to be left out."""
        if self.covered is None:
            safe = text.encode("latin-1", "replace").decode("latin-1")
            return safe, safe != text
        missing = {
            ch
            for ch in text
            if ord(ch) not in self.covered
            and not ch.isspace()
            # Joiners, variation selectors and other format characters draw nothing.
            and not invisible(ch)
        }
        if not missing:
            return text, False
        return "".join(" " if ch in missing else ch for ch in text), True

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.text_font, size=8)
        self._load_fonts_for(_("Page %(page)d of {nb}"))
        if self.text_shaping:
            self.set_text_shaping(use_shaping_engine=True)
        self.cell(0, 6, _("Page %(page)d of {nb}") % {"page": self.page_no()}, align="C")

    def _shaped_line(self, line: str, *, direction: str, height: float) -> None:
        """One line, cut into its directional runs (UAX #9), each shaped in its direction.

        The runs are placed where the bidirectional algorithm puts them but written into the
        page in the order they were typed, so a reader that copies text in page order (pypdf,
        ``pdftotext -raw``) gets a mixed Arabic and English line in logical order; fpdf2
        alone would write them left to right."""
        base = TextDirection.RTL if direction == "rtl" else TextDirection.LTR
        runs = [
            (shown, run_direction, logical)
            for text, run_direction, logical in visual_runs(line, base)
            # The bidirectional controls (isolates, marks) have done their work once the runs
            # are known: drawn, they would be stray glyphs that copy out as runs of their own.
            if (shown := text.translate(_BIDI_CONTROLS))
        ]
        widths = []
        for text, run_direction, _logical in runs:
            self.set_text_shaping(use_shaping_engine=True, direction=run_direction)
            widths.append(self.get_string_width(text))
        # Runs come in visual order, left to right; right to left paragraphs end at the right
        # margin.
        x = self.l_margin + (self.epw - sum(widths) if direction == "rtl" else 0)
        placed = []
        for (text, run_direction, logical), width in zip(runs, widths, strict=True):
            placed.append((logical, x, width, text, run_direction))
            x += width
        top = self.y
        for _logical, start, width, text, run_direction in sorted(placed):
            self.set_text_shaping(use_shaping_engine=True, direction=run_direction)
            self.set_xy(start, top)
            # Readers (poppler among them) read /ActualText of right-to-left runs as if it
            # were in visual order, so only left-to-right runs carry it: their logical text
            # even where shaping reorders glyphs (the Devanagari vowel sign ि drawn first).
            marked = bool(text.strip()) and not _has_rtl(text)
            if marked:
                self._out(f"/Span <</ActualText <{_actual_text(text)}>>> BDC")
            self.cell(width, height, text)
            if marked:
                self._out("EMC")
        self.set_xy(self.l_margin, top + height)

    def paragraph(self, text: str, *, size: float = 11, mono: bool = False) -> bool:
        """Print one paragraph in its own direction; True if a character had to be left out."""
        self._load_fonts_for(text)
        drawn, lost = self.drawable(text)
        self.set_font(self.mono_font if mono else self.text_font, size=size)
        height = size * _LINE_HEIGHT
        direction = paragraph_direction(drawn)
        if self.text_shaping:
            self.set_text_shaping(use_shaping_engine=True, direction=direction)
        # The paragraph's lines as fpdf2 breaks them (logical order), each then drawn alone.
        lines = self.multi_cell(0, height, drawn, dry_run=True, output="LINES")
        assert isinstance(lines, list)
        for line in lines or [""]:
            assert isinstance(line, str)
            if self.will_page_break(height):
                self.add_page()
            if self.text_shaping:
                self._shaped_line(line, direction=direction, height=height)
            else:
                self.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")
        self.ln(size * 0.25)
        return lost


def story_pdf(
    *,
    title: str,
    body: str,
    written_at: datetime.datetime,
    generated_at: datetime.datetime,
    edited_at: datetime.datetime | None = None,
    language: str = "",
    country: str = "",
) -> bytes:
    """The story as a PDF; its printed digest is ``content_digest(title=..., body=...)``.

    ``written_at`` is when the story was first saved on the site, ``edited_at`` when its
    author last saved a change (None if never): both are printed, so a reader of the PDF
    knows the text may differ from what was first shared. The story's ``language`` and
    ``country`` (when its author gave them) choose how Han characters are drawn."""
    digest = content_digest(title=title, body=body)
    pdf = _StoryPDF(cjk_region=cjk_region(language=language, country=country))
    # The total is drawn in a space kept for it, next to the word before it.
    pdf.alias_nb_pages(align="R" if get_language_bidi() else "L")
    pdf.set_creation_date(generated_at)
    pdf.add_page()
    lost = pdf.paragraph(title, size=16)
    pdf.paragraph(_("First saved on this site: %(when)s") % {"when": _utc(written_at)}, size=9)
    if edited_at is None:
        pdf.paragraph(_("Last edited: never (this is the text as first saved)"), size=9)
    else:
        pdf.paragraph(
            _("Last edited: %(when)s (the text above is as it stood then)")
            % {"when": _utc(edited_at)},
            size=9,
        )
    pdf.paragraph(_("This PDF was made: %(when)s") % {"when": _utc(generated_at)}, size=9)
    pdf.paragraph(_("SHA-256 of the content:"), size=9)
    pdf.paragraph(digest, size=9, mono=True)
    pdf.ln(4)
    for block in body.split("\n"):
        lost = pdf.paragraph(block) or lost
    pdf.ln(6)
    pdf.paragraph(_("About this record"), size=13)
    pdf.paragraph(
        _(
            "The SHA-256 digest printed above is computed from the UTF-8 bytes of the title, "
            "two line feed characters (U+000A U+000A), and the body, exactly as stored on the "
            "site. Anyone with a copy of the text can compute it again and compare."
        ),
        size=9,
    )
    pdf.paragraph(
        _(
            "What it proves: if a copy of the text gives the same digest, it is the same text, "
            "character for character; any change, even one letter, gives a different digest."
        ),
        size=9,
    )
    pdf.paragraph(
        _(
            "What it does not prove: who wrote the text, that what it describes happened, or "
            "when it was written. The dates above are this site's own record, not an independent "
            "timestamp. To show that the text existed on a given day, give the digest to someone "
            "you trust, such as a lawyer, who can note when they received it."
        ),
        size=9,
    )
    if lost:
        pdf.paragraph(
            _(
                "Some characters of this story cannot be drawn with the fonts installed on this "
                "server and are left blank above. The digest is computed from the original text, "
                "not from this rendering."
            ),
            size=9,
        )
    return bytes(pdf.output())
