"""Pages compared in the tests of page shells (core/pageshell.py): a page from its shell and
the same page rendered in full, with what is drawn afresh for each response taken out."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

# A masked CSRF token: 64 letters and digits, masked afresh for every response.
TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")
# A page cursor: sealed afresh for every response.
CURSOR = re.compile(r"cursor=[A-Za-z0-9_-]+")


def plain(page: str) -> str:
    """``page`` with its CSRF tokens and cursors replaced by placeholders."""
    return CURSOR.sub("cursor=C", TOKEN.sub("TOKEN", page))


def shell_and_full(client: Client, path: str, settings: Any) -> tuple[Any, Any]:
    """``path`` asked for twice by ``client``: from its shell, then rendered in full (the
    ``settings`` fixture switches ``PAGE_SHELLS``). Returns both responses."""
    settings.PAGE_SHELLS = True
    shell = client.get(path)
    settings.PAGE_SHELLS = False
    full = client.get(path)
    return shell, full
