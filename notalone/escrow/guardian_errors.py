"""The guardian's refusals: a stable machine-readable code, an HTTP status and one English sentence.

A guardian runs without Django and has no catalogs, so it answers
``{"detail": "<English sentence>", "code": "<code>", "params": {...}}``; the platform maps the
code (with its params) to a sentence in the reader's language (``guardian_messages``) and passes
the code on, so the browser and the Python client can act on it without reading English. The
codes are part of the protocol (ESCROW_PROTOCOL.md §7, "Error codes"): a code never changes
meaning; a new refusal gets a new code.
"""

from __future__ import annotations

from typing import Any

#: code -> (HTTP status, English sentence with ``{param}`` fields)
ERRORS: dict[str, tuple[int, str]] = {
    "bad_request": (400, "The body is a JSON object with account and elements."),
    "account_key": (400, "The request needs an account key."),
    "element_count": (400, "Send from 1 to {most} blinded elements."),
    "element_hex": (400, "Blinded elements are hex strings."),
    "element_invalid": (
        400,
        "Blinded element {position} is not a valid group element: the request is malformed, "
        "and trying again will not help.",
    ),
    "token_malformed": (400, "A token is a nonce and a mac, in hex."),
    "token_required": (
        403,
        "Guardian {guardian} answers verified filers only: each filing needs one of its "
        "evaluation tokens, which an invite code from its organisation buys.",
    ),
    "token_invalid": (403, "This is not a valid evaluation token of guardian {guardian}."),
    "token_spent": (403, "This evaluation token has already been spent: each one is good once."),
    "token_expired": (
        403,
        "This evaluation token of guardian {guardian} has expired: a token is good in the "
        "{days}-day period it was bought in and the next one. Buy a new one with the invite code.",
    ),
    "limit_account": (
        429,
        "This account has used its {limit} evaluations for today; it can try again tomorrow (UTC).",
    ),
    "limit_hour": (
        429,
        "This guardian has answered its {limit} evaluations for this hour; "
        "try again next hour (UTC).",
    ),
    "limit_day": (
        429,
        "This guardian has answered its {limit} evaluations for today; try again tomorrow (UTC).",
    ),
    "invite_unreadable": (
        400,
        "The invite code could not be read: it was not sealed to this guardian.",
    ),
    "invite_unknown": (403, "This invite code is not one this guardian's organisation gave out."),
    "invite_used": (
        403,
        "This invite code has bought its {tokens} tokens for this {days}-day period.",
    ),
    "invite_other_guardian": (403, "This invite code was made by another guardian."),
    "invite_check_limit": (
        429,
        "Too many invite codes were checked here for now; try again in an hour (UTC).",
    ),
    "not_issuing": (404, "This guardian does not issue tokens."),
    "unauthorized": (401, "This guardian answers only its platform (bearer token)."),
    "not_found": (404, "Not found."),
    "method": (405, "Use POST."),
    "too_large": (413, "The request is too large."),
}

#: The codes a platform maps to "your request": the client's own error (400, 403, 429, 404).
CLIENT_CODES = frozenset(code for code, (status, _) in ERRORS.items() if status != 401)


class GuardianRefusal(Exception):
    """A request the guardian will not answer: ``status``, a stable ``code``, its ``params``
    and the English ``detail``."""

    def __init__(self, code: str, **params: Any) -> None:
        status, template = ERRORS[code]
        detail = template.format(**params)
        super().__init__(detail)
        self.status = status
        self.code = code
        self.params = params
        self.detail = detail

    def body(self) -> dict[str, Any]:
        return {"detail": self.detail, "code": self.code, "params": self.params}


def refusal_body(code: str, **params: Any) -> tuple[int, dict[str, Any]]:
    """(status, JSON body) of a refusal."""
    refusal = GuardianRefusal(code, **params)
    return refusal.status, refusal.body()
