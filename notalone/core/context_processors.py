from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def _crisis_line(request: HttpRequest) -> dict[str, str]:
    # Imported here: core holds no models, and the help app may not be installed.
    from notalone.help.place import place_of
    from notalone.help.selectors import crisis_line_for

    line = crisis_line_for(place_of(request))
    return line if line is not None else dict(settings.FALLBACK_CRISIS_LINE)


def site(request: HttpRequest) -> dict[str, Any]:
    """Values every page uses. The crisis line is looked up only when a page shows it."""
    return {
        "site_name": settings.SITE_NAME,
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "crisis_line": SimpleLazyObject(lambda: _crisis_line(request)),
    }
