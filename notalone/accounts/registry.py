"""What other apps contribute to a member's data export and account deletion.

Each app registers, in its ``AppConfig.ready()``, a function that returns what the member
wrote (for the export) and one that removes or anonymises it (for deletion). The accounts
app then never needs to know about stories, replies or escrow entries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notalone.accounts.models import User

Exporter = Callable[["User"], Any]
Eraser = Callable[["User", bool], None]

exporters: dict[str, Exporter] = {}
erasers: dict[str, Eraser] = {}


def register_exporter(section: str, exporter: Exporter) -> None:
    exporters[section] = exporter


def register_eraser(name: str, eraser: Eraser) -> None:
    """``eraser(user, keep_stories)`` runs inside the deletion's transaction."""
    erasers[name] = eraser
