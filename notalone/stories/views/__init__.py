"""Thin views: they read with the policy and selectors, write with services, and turn errors
into pages. Who may see or do what is decided in ``stories.policy``, never here.

One module per part of the site; ``urls.py`` reaches every view through this package."""

from __future__ import annotations

from notalone.stories.views._common import CRISIS_SESSION_KEY, story_url
from notalone.stories.views.blocking import block, blocks, blocks_undo
from notalone.stories.views.feeds import feed, guidelines, tag
from notalone.stories.views.thread import detail, react, reply, reply_delete, reply_hide
from notalone.stories.views.writing import delete, edit, mine, new, pdf, pii_check

__all__ = [
    "CRISIS_SESSION_KEY",
    "block",
    "blocks",
    "blocks_undo",
    "delete",
    "detail",
    "edit",
    "feed",
    "guidelines",
    "mine",
    "new",
    "pdf",
    "pii_check",
    "react",
    "reply",
    "reply_delete",
    "reply_hide",
    "story_url",
    "tag",
]
