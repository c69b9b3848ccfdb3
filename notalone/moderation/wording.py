"""What a member reads after a moderation decision: calm, specific, and never naming who
reported them or which moderator decided."""

from __future__ import annotations

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from notalone.moderation.models import ActionKind


def notice_text(
    action: str,
    *,
    reason: str,
    what: str,
    on_reply: bool,
    on_content: bool,
    until: datetime.datetime | None = None,
    appealed: str = "",
) -> str:
    """The notice for one decision. ``what`` is a short quote of the story or reply; the
    moderator's ``reason`` is always quoted in full."""
    values = {"what": what, "reason": reason, "appealed": appealed}
    if action == ActionKind.HIDE:
        text = (
            _('A moderator hid your reply "%(what)s". Others no longer see it.')
            if on_reply
            else _('A moderator hid your story "%(what)s". Others no longer see it; you still can.')
        )
    elif action == ActionKind.RESTORE:
        text = (
            _('Your reply "%(what)s" is visible again.')
            if on_reply
            else _('Your story "%(what)s" is visible again.')
        )
    elif action == ActionKind.WARN:
        text = (
            _(
                'A moderator is asking you to take care with what you wrote ("%(what)s"). '
                "The community guidelines say more about how we support each other here."
            )
            if on_content
            else _(
                "A moderator is asking you to take care with how you write to others here. "
                "The community guidelines say more about how we support each other."
            )
        )
    elif action == ActionKind.SUSPEND:
        assert until is not None
        values["until"] = formats.date_format(timezone.localtime(until), "DATE_FORMAT")
        text = _(
            "Your account is paused until %(until)s. You can still read and use the help "
            "pages, but you cannot share, reply or react until then."
        )
        if on_content:
            text += " " + _('This is about what you wrote: "%(what)s".')
    elif action == ActionKind.APPEAL_GRANTED:
        text = _(
            'Your appeal was accepted: the decision "%(appealed)s" is reversed. '
            "Thank you for telling us."
        )
    else:
        text = _('Your appeal was read carefully, and the decision "%(appealed)s" stays in place.')
    return (text + " " + _('The reason the moderator gave: "%(reason)s"')) % values
