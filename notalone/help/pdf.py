"""A member's story as a PDF: time-stamped, with the SHA-256 digest of its text printed.

What is hashed, exactly: the UTF-8 bytes of the title, two line feeds (U+000A U+000A), then
the body, as stored on the site, with no other change. ``content_digest`` computes it, and
the PDF prints that definition so anyone can recompute the digest from a copy of the text.

Fonts: fpdf2 embeds a TrueType font found on the system (DejaVu Sans on Debian, which covers
Latin, Greek and Cyrillic); fonts for other scripts, such as Noto Sans Devanagari, are used
as fallbacks when installed. A character no installed font can draw is left blank and the PDF
says so; the digest is always computed from the original text, never from what was drawn.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import TTFFont

# fontTools logs every subsetting step at INFO; a download is not worth a dozen log lines.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
MAIN_FONTS = ("DejaVuSans.ttf", "NotoSans-Regular.ttf", "LiberationSans-Regular.ttf")
MONO_FONTS = ("DejaVuSansMono.ttf", "NotoSansMono-Regular.ttf", "LiberationMono-Regular.ttf")
# Scripts the main fonts lack; each is used only for the characters it has.
FALLBACK_FONTS = (
    "NotoSansDevanagari-Regular.ttf",
    "Lohit-Devanagari.ttf",
    "FreeSans.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansThai-Regular.ttf",
)


def content_digest(*, title: str, body: str) -> str:
    """SHA-256, hex, of UTF-8(title + "\\n\\n" + body): the digest the PDF prints."""
    return hashlib.sha256(f"{title}\n\n{body}".encode()).hexdigest()


@cache
def _find_font(name: str) -> Path | None:
    for directory in FONT_DIRS:
        if directory.is_dir():
            for path in directory.rglob(name):
                return path
    return None


def _first_font(names: Iterable[str]) -> Path | None:
    for name in names:
        path = _find_font(name)
        if path is not None:
            return path
    return None


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class _StoryPDF(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.covered: set[int] | None = set()
        main = _first_font(MAIN_FONTS)
        if main is None:
            # No TrueType font at all: the built-in Helvetica draws Latin-1 only.
            self.text_font = self.mono_font = "helvetica"
            self.covered = None
            return
        self.add_font("main", "", str(main))
        self.text_font = "main"
        self.covered.update(self._cmap("main"))
        mono = _first_font(MONO_FONTS)
        if mono is not None:
            self.add_font("mono", "", str(mono))
        self.mono_font = "mono" if mono is not None else "main"
        fallbacks = []
        for index, name in enumerate(FALLBACK_FONTS):
            path = _find_font(name)
            if path is not None:
                family = f"fallback{index}"
                self.add_font(family, "", str(path))
                self.covered.update(self._cmap(family))
                fallbacks.append(family)
        if fallbacks:
            self.set_fallback_fonts(fallbacks)

    def _cmap(self, family: str) -> set[int]:
        font = self.fonts[family]
        return set(font.cmap) if isinstance(font, TTFFont) else set()

    def drawable(self, text: str) -> tuple[str, bool]:
        """The text as this PDF can draw it, and whether anything had to be left out."""
        if self.covered is None:
            safe = text.encode("latin-1", "replace").decode("latin-1")
            return safe, safe != text
        missing = {ch for ch in text if ord(ch) not in self.covered and not ch.isspace()}
        if not missing:
            return text, False
        return "".join(" " if ch in missing else ch for ch in text), True

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.text_font, size=8)
        self.cell(0, 6, _("Page %(page)d of {nb}") % {"page": self.page_no()}, align="C")

    def paragraph(self, text: str, *, size: float = 11, mono: bool = False) -> bool:
        drawn, lost = self.drawable(text)
        self.set_font(self.mono_font if mono else self.text_font, size=size)
        self.multi_cell(0, size * 0.5, drawn, new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(size * 0.25)
        return lost


def story_pdf(
    *, title: str, body: str, written_at: datetime.datetime, generated_at: datetime.datetime
) -> bytes:
    """The story as a PDF; its printed digest is ``content_digest(title=..., body=...)``."""
    digest = content_digest(title=title, body=body)
    pdf = _StoryPDF()
    pdf.alias_nb_pages()
    pdf.set_creation_date(generated_at)
    pdf.add_page()
    lost = pdf.paragraph(title, size=16)
    pdf.paragraph(_("Written: %(when)s") % {"when": _utc(written_at)}, size=9)
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
