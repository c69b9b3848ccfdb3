"""Compile stale translation catalogs before a test run started without `make`.

`make test` builds the .mo files with msgfmt (`make locale`); a bare `pytest` would otherwise
run every page in English whatever a test asks for. polib writes the same binary catalogs.
"""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "notalone" / "locale"


def compile_stale_catalogs() -> None:
    for po in LOCALE.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            polib.pofile(str(po)).save_as_mofile(str(mo))
