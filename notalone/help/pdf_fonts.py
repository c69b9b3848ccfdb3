"""The fonts of story PDFs: where they are found, what each covers, and which characters
must be drawn with the font of the character before them. See ``notalone.help.pdf`` and
docs/OPERATING.md, "PDF fonts"."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTCollection, TTFont

MAIN_FONTS = ("DejaVuSans.ttf", "NotoSans-Regular.ttf", "LiberationSans-Regular.ttf")
MONO_FONTS = ("DejaVuSansMono.ttf", "NotoSansMono-Regular.ttf", "LiberationMono-Regular.ttf")
# Scripts the main fonts lack, in order of preference; each is used only for the characters
# it has, and only when a story has such characters.
FALLBACK_FONTS = (
    "NotoSansArabic-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "Lohit-Devanagari.ttf",
    "NotoSansBengali-Regular.ttf",
    "NotoSansTamil-Regular.ttf",
    "NotoSansGurmukhi-Regular.ttf",
    "NotoSansGujarati-Regular.ttf",
    "NotoSansTelugu-Regular.ttf",
    "NotoSansKannada-Regular.ttf",
    "NotoSansMalayalam-Regular.ttf",
    "NotoSansSinhala-Regular.ttf",
    "NotoSansThai-Regular.ttf",
    "NotoSansLao-Regular.ttf",
    "NotoSansKhmer-Regular.ttf",
    "NotoSansMyanmar-Regular.ttf",
    "NotoSansEthiopic-Regular.ttf",
    "NotoSansArmenian-Regular.ttf",
    "NotoSansGeorgian-Regular.ttf",
    "NotoSansCJK-Regular.ttc",
    "NotoColorEmoji.ttf",
    "NotoSansSymbols2-Regular.ttf",
    "FreeSans.ttf",
)


@cache
def find_font(name: str) -> Path | None:
    for configured in settings.PDF_FONTS:
        if Path(configured).name == name and Path(configured).is_file():
            return Path(configured)
    for directory in map(Path, settings.PDF_FONT_DIRS):
        if directory.is_dir():
            for path in sorted(directory.rglob(name)):
                return path
    return None


def first_font(names: Iterable[str]) -> Path | None:
    for name in names:
        path = find_font(name)
        if path is not None:
            return path
    return None


@cache
def coverage(path: Path, face: int = 0) -> frozenset[int]:
    """The code points a font file has glyphs for (``face``: which font of a collection)."""
    with TTFont(path, fontNumber=face, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


# One Han character is written differently in Japan, Korea, mainland China and Taiwan or Hong
# Kong (Unicode unifies them); Noto Sans CJK has one face for each. A story is drawn with the
# face of its language, and Chinese with the face of its country when that is known.
_CJK_REGIONS = {"ja": "JP", "ko": "KR", "zh": "SC"}
_CHINESE_BY_COUNTRY = {"TW": "TC", "HK": "HK", "MO": "HK"}


def cjk_region(*, language: str, country: str = "") -> str | None:
    """Noto CJK's region for a story's language (ISO 639-1) and country (ISO 3166-1)."""
    if language == "zh":
        return _CHINESE_BY_COUNTRY.get(country, "SC")
    return _CJK_REGIONS.get(language)


@cache
def collection_face(path: Path, region: str | None) -> int:
    """Which font of a collection (.ttc) is the region's (Noto Sans CJK SC, ...); 0 if none."""
    if region is None or path.suffix.lower() != ".ttc":
        return 0
    collection = TTCollection(path, lazy=True)
    try:
        for number, font in enumerate(collection.fonts):
            family = font["name"].getDebugName(1) or ""
            if family.endswith(f" {region}") and "Mono" not in family:
                return number
    finally:
        collection.close()
    return 0


def fallback_paths() -> list[Path]:
    paths = [Path(p) for p in settings.PDF_FONTS if Path(p).is_file()]
    for name in FALLBACK_FONTS:
        path = find_font(name)
        if path is not None and path not in paths:
            paths.append(path)
    return paths


def clings(char: str) -> bool:
    """Whether a character belongs to the character before it (a joiner, a combining mark, a
    variation selector, an emoji skin tone or tag): it must stay in that character's font, or
    HarfBuzz cannot form the cluster (👩‍👧 drawn as 👩👧, a Devanagari half form lost)."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Cf")
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def invisible(char: str) -> bool:
    """Format characters and variation selectors: they draw nothing themselves."""
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
    )
