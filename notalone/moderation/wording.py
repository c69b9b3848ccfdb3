"""What a member reads after a moderation decision: calm, specific, and never naming who
reported them or which moderator decided.

A notice is stored as its kind and parameters and worded here when it is read, in the
reader's language (the active translation). So is the note of a flag the system raised
(``flag_note``, ``flag_note_text``): the moderators reading the queue may read another
language than the background job that raised it.
"""

from __future__ import annotations

import datetime
import json

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


# The key that marks a flag's note stored as data (a reporter's note is free text).
FLAG_NOTE = "flag_note"


def flag_note(kind: str, **params: str | int | bool) -> str:
    """A system flag's note stored as its kind and parameters (JSON), worded when read."""
    return json.dumps({FLAG_NOTE: kind, **params}, sort_keys=True)


def flag_note_text(note: str) -> str:
    """The words of a flag's note, in the current language. A note stored as words (before
    notes were data), or of a kind unknown here, is shown as it is."""
    try:
        data = json.loads(note)
    except ValueError:
        return note
    if not isinstance(data, dict):
        return note
    kind = data.get(FLAG_NOTE)
    if kind == "repeated-reply":
        stories = int(data.get("stories", 0))
        return ngettext(
            "The same reply under %(count)d story within an hour.",
            "The same reply under %(count)d stories within an hour.",
            stories,
        ) % {"count": stories}
    if kind == "reply-guard-not-covered":
        return _(
            "Not read by the reply guard: it does not cover this reply's language (%(language)s)."
        ) % {"language": isolate(str(data.get("language", "")))}
    if kind == "reply-guard":
        abusive = data.get("label") == "abusive"
        if data.get("held"):
            return (
                _(
                    "The reply guard reads this reply as abusive; it is held until a moderator decides."
                )
                if abusive
                else _(
                    "The reply guard reads this reply as victim-blaming; it is held until a "
                    "moderator decides."
                )
            )
        return (
            _("The reply guard reads this reply as abusive; it is published.")
            if abusive
            else _("The reply guard reads this reply as victim-blaming; it is published.")
        )
    if kind == "crisis-cues":
        return _(
            "Crisis cue: the writer may be in danger or thinking of self-harm now. They were "
            "shown the crisis lines; consider reaching out, never hide it for this."
        )
    return note
