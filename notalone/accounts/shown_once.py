"""A secret shown once, after a POST that made it (POST/redirect/GET).

The POST keeps the new secret in the member's server-side session and redirects; the GET
that follows takes it out and shows it. Reloading that page, or coming back to it, finds
nothing and makes nothing: only a new, deliberate POST makes another secret. The session
store is the site's own database, never a cookie.
"""

from __future__ import annotations

from django.http import HttpRequest

_PREFIX = "shown_once:"


def keep(request: HttpRequest, kind: str, secret: str) -> None:
    """Keep ``secret`` (a token or a code, as text) for the next page of kind ``kind``."""
    request.session[_PREFIX + kind] = secret


def take(request: HttpRequest, kind: str) -> str | None:
    """The secret kept for ``kind``, removed from the session; None if there is none."""
    value = request.session.pop(_PREFIX + kind, None)
    return value if isinstance(value, str) else None
