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


#: An older guardian's English sentence -> its code; the numbers in it are named as that
#: code's params, so the sentence shown is the one the code gets (``_BY_CODE``).
_KNOWN: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"Blinded element (?P<position>\d+) is not a valid group element: .*"),
        "element_invalid",
    ),
    (re.compile(r"Send from 1 to (?P<most>\d+) blinded elements\."), "element_count"),
    (
        re.compile(r"The invite code could not be read: it was not sealed to this guardian\."),
        "invite_unreadable",
    ),
    (
        re.compile(r"This account has used its (?P<limit>\d+) evaluations for today; .*"),
        "limit_account",
    ),
    (
        re.compile(r"This guardian has answered its (?P<limit>\d+) evaluations for this hour; .*"),
        "limit_hour",
    ),
    (
        re.compile(r"This guardian has answered its (?P<limit>\d+) evaluations for today; .*"),
        "limit_day",
    ),
    (re.compile(r"This evaluation token has already been spent.*"), "token_spent"),
    (
        re.compile(r"This is not a valid evaluation token of guardian (?P<guardian>\d+)\."),
        "token_invalid",
    ),
    (re.compile(r"Guardian (?P<guardian>\d+) answers verified filers only.*"), "token_required"),
    (
        re.compile(r"This invite code is not one this guardian's organisation gave out\."),
        "invite_unknown",
    ),
    (
        re.compile(
            r"This invite code has bought its (?P<tokens>\d+) tokens "
            r"for this (?P<days>\d+)-day period\."
        ),
        "invite_used",
    ),
    (re.compile(r"This invite code was made by another guardian\."), "invite_other_guardian"),
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
    for pattern, known_code in _KNOWN:
        match = pattern.fullmatch(detail.strip())
        if match:
            return _BY_CODE[known_code]({k: int(v) for k, v in match.groupdict().items()})
    if status == 429:
        return _("A key guardian has reached its limit for now; try again later.")
    if status in (401, 403):
        return _("A key guardian refused this request.")
    if status == 404:
        return _("This site's guardians do not issue tokens.")
    return _("A key guardian could not use this request: it is malformed.")
