from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Values every page uses."""
    return {"site_name": settings.SITE_NAME, "quick_exit_url": settings.QUICK_EXIT_URL}
