from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format

from notalone.core import quick_exit


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def staying_safe(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/staying_safe.html",
        {
            "escape_presses": quick_exit.ESCAPE_PRESSES,
            # 1.5, written as the reader's language writes it (1,5 in French); 2, not 2.0.
            "escape_seconds": number_format(
                quick_exit.ESCAPE_WINDOW_MS / 1000
                if quick_exit.ESCAPE_WINDOW_MS % 1000
                else quick_exit.ESCAPE_WINDOW_MS // 1000,
                use_l10n=True,
            ),
        },
    )


def health(request: HttpRequest) -> HttpResponse:
    """A trivial endpoint: load balancers probe it, and benchmarks use it as a baseline."""
    return HttpResponse("ok", content_type="text/plain")


# An error page never repeats the address asked for, not even in the language switcher's
# "next": a missing page reads the same whatever was asked (tests/stories/test_anonymity.py).
_ERROR_PAGE = {"language_next": "/"}


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", _ERROR_PAGE, status=403)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/403.html", _ERROR_PAGE, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The same page for a story that does not exist and one this reader may not open (a
    story for signed-in members, a private draft), so it tells nobody which; worded for a
    reader who is not signed in, so that a members-only story does not read as removed."""
    match = getattr(request, "resolver_match", None)
    on_a_story = match is not None and match.view_name == "stories:detail"
    return render(request, "core/404.html", {**_ERROR_PAGE, "on_a_story": on_a_story}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", _ERROR_PAGE, status=500)
