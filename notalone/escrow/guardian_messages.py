"""Guardians' refusals in the reader's language.

A guardian answers in English (it has no catalogs, and its operator may run another version),
with a stable error code and its parameters (``guardian_errors``, ESCROW_PROTOCOL.md §7). The
platform maps the code to its own translated sentence, parameters filled in. A guardian older
than the codes sends only the sentence: the platform then recognises the sentence. A code or
sentence it does not know gets a translated sentence for its HTTP status: nothing English
reaches a translated page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _


def invalid_element(position: int | str) -> str:
    return _(
        "Blinded element {position} is not a valid group element: the request is malformed, "
        "and trying again will not help."
    ).format(position=position)


_KNOWN: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"Blinded element (\d+) is not a valid group element: .*"),
        lambda m: invalid_element(m[1]),
    ),
    (
        re.compile(r"Send from 1 to (\d+) blinded elements\."),
        lambda m: _("Send from 1 to {most} blinded elements.").format(most=m[1]),
    ),
    (
        re.compile(r"The invite code could not be read: it was not sealed to this guardian\."),
        lambda m: _("The invite code could not be read: it was not sealed to this guardian."),
    ),
    (
        re.compile(r"This account has used its (\d+) evaluations for today; .*"),
        lambda m: _(
            "This account has used its {limit} evaluations for today; "
            "it can try again tomorrow (UTC)."
        ).format(limit=m[1]),
    ),
    (
        re.compile(r"This guardian has answered its (\d+) evaluations for this hour; .*"),
        lambda m: _(
            "This guardian has answered its {limit} evaluations for this hour; "
            "try again next hour (UTC)."
        ).format(limit=m[1]),
    ),
    (
        re.compile(r"This guardian has answered its (\d+) evaluations for today; .*"),
        lambda m: _(
            "This guardian has answered its {limit} evaluations for today; "
            "try again tomorrow (UTC)."
        ).format(limit=m[1]),
    ),
    (
        re.compile(r"This evaluation token has already been spent.*"),
        lambda m: _("This evaluation token has already been spent: each one is good once."),
    ),
    (
        re.compile(r"This is not a valid evaluation token of guardian (\d+)\."),
        lambda m: _("This is not a valid evaluation token of guardian {index}.").format(index=m[1]),
    ),
    (
        re.compile(r"Guardian (\d+) answers verified filers only.*"),
        lambda m: _(
            "Guardian {index} answers verified filers only: each filing needs one of its "
            "evaluation tokens, which an invite code from its organisation buys."
        ).format(index=m[1]),
    ),
    (
        re.compile(r"This invite code is not one this guardian's organisation gave out\."),
        lambda m: _("This invite code is not one this guardian's organisation gave out."),
    ),
    (
        re.compile(r"This invite code has bought its (\d+) tokens for this (\d+)-day period\."),
        lambda m: _(
            "This invite code has bought its {tokens} tokens for this {days}-day period."
        ).format(tokens=m[1], days=m[2]),
    ),
    (
        re.compile(r"This invite code was made by another guardian\."),
        lambda m: _("This invite code was made by another guardian."),
    ),
]


def _param(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name)
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else "?"


#: code -> the translated sentence, from the code's params (guardian_errors.ERRORS).
_BY_CODE: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "element_invalid": lambda p: invalid_element(_param(p, "position")),
    "element_count": lambda p: _("Send from 1 to {most} blinded elements.").format(
        most=_param(p, "most")
    ),
    "invite_unreadable": lambda p: _(
        "The invite code could not be read: it was not sealed to this guardian."
    ),
    "limit_account": lambda p: _(
        "This account has used its {limit} evaluations for today; it can try again tomorrow (UTC)."
    ).format(limit=_param(p, "limit")),
    "limit_hour": lambda p: _(
        "This guardian has answered its {limit} evaluations for this hour; "
        "try again next hour (UTC)."
    ).format(limit=_param(p, "limit")),
    "limit_day": lambda p: _(
        "This guardian has answered its {limit} evaluations for today; try again tomorrow (UTC)."
    ).format(limit=_param(p, "limit")),
    "token_spent": lambda p: _(
        "This evaluation token has already been spent: each one is good once."
    ),
    "token_invalid": lambda p: _(
        "This is not a valid evaluation token of guardian {index}."
    ).format(index=_param(p, "guardian")),
    "token_expired": lambda p: _(
        "This evaluation token of guardian {index} has expired: a token is good in the "
        "{days}-day period it was bought in and the next one. Buy a new one with the invite code."
    ).format(index=_param(p, "guardian"), days=_param(p, "days")),
    "token_required": lambda p: _(
        "Guardian {index} answers verified filers only: each filing needs one of its "
        "evaluation tokens, which an invite code from its organisation buys."
    ).format(index=_param(p, "guardian")),
    "invite_unknown": lambda p: _(
        "This invite code is not one this guardian's organisation gave out."
    ),
    "invite_used": lambda p: _(
        "This invite code has bought its {tokens} tokens for this {days}-day period."
    ).format(tokens=_param(p, "tokens"), days=_param(p, "days")),
    "invite_other_guardian": lambda p: _("This invite code was made by another guardian."),
    "invite_check_limit": lambda p: _(
        "Too many invite codes were checked here for now; try again in an hour (UTC)."
    ),
    "not_issuing": lambda p: _("This site's guardians do not issue tokens."),
    "guardian_down": lambda p: _("Guardian {index} did not answer.").format(
        index=_param(p, "guardian")
    ),
}


def translated(
    status: int, detail: str, code: str | None = None, params: Mapping[str, Any] | None = None
) -> str:
    """A guardian's refusal (HTTP ``status``, English ``detail``, and from guardians that send
    them, its ``code`` and ``params``) as a sentence in the active language."""
    if code in _BY_CODE:
        return _BY_CODE[code](params or {})
    for pattern, sentence in _KNOWN:
        match = pattern.fullmatch(detail.strip())
        if match:
            return sentence(match)
    if status == 429:
        return _("A key guardian has reached its limit for now; try again later.")
    if status in (401, 403):
        return _("A key guardian refused this request.")
    if status == 404:
        return _("This site's guardians do not issue tokens.")
    return _("A key guardian could not use this request: it is malformed.")
