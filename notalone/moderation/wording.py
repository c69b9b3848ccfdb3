"""What a member reads after a moderation decision: calm, specific, and never naming who
reported them or which moderator decided.

A notice is stored as its kind and parameters and worded here when it is read, in the
reader's language (the active translation).
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from notalone.core.dates import short_date
from notalone.core.unitext import isolate
from notalone.moderation.models import REPORT_READ, ActionKind, Notice


def notice_text(notice: Notice) -> str:
    """The words of a stored notice, in the current language."""
    params = notice.params
    if "text" in params:
        # Written before notices were stored as data: kept as it was worded then.
        return str(params["text"])
    if notice.kind == REPORT_READ:
        return report_read_text(
            reported_at=datetime.datetime.fromisoformat(str(params["reported_at"])),
            on_reply=bool(params.get("on_reply")),
            action_taken=bool(params.get("action_taken")),
        )
    until = params.get("until")
    return decision_text(
        notice.kind,
        reason=str(params.get("reason", "")),
        what=str(params.get("what", "")),
        on_reply=bool(params.get("on_reply")),
        on_content=bool(params.get("on_content")),
        until=datetime.datetime.fromisoformat(until) if until else None,
        appealed=str(params.get("appealed", "")),
    )


def decision_text(
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
    moderator's ``reason`` is always quoted in full; ``appealed`` is the kind of the decision
    an appeal was about."""
    appealed_label = str(ActionKind(appealed).label) if appealed in ActionKind.values else ""
    # The member's words and the moderator's are isolated: an Arabic quote must not reorder
    # an English sentence (or a Latin one an Arabic sentence).
    values = {"what": isolate(what), "reason": isolate(reason), "appealed": appealed_label}
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
        values["until"] = short_date(until)
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


def report_read_text(*, reported_at: datetime.datetime, on_reply: bool, action_taken: bool) -> str:
    """The notice to a member whose report was settled: read, and whether action was taken.
    Nothing about the member it was about, nor which decision: those are theirs alone."""
    values = {"date": short_date(reported_at)}
    if action_taken:
        text = (
            _("A moderator read your report of %(date)s about a reply, and took action.")
            if on_reply
            else _("A moderator read your report of %(date)s about a story, and took action.")
        )
        return (
            text % values
            + " "
            + _(
                "What was decided stays between the moderators and the person it is about. "
                "Thank you for looking out for others here."
            )
        )
    text = (
        _("A moderator read your report of %(date)s about a reply.")
        if on_reply
        else _("A moderator read your report of %(date)s about a story.")
    )
    return (
        text % values
        + " "
        + _(
            "They found that it does not go against the community guidelines, so it stays as "
            "it is. If you would rather not see it, you can block its writer or mute the story. "
            "Thank you for telling us."
        )
    )
