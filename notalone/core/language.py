"""The reader's language: chosen by the reader, guessed from ``Accept-Language`` until then.

The choice is made with a plain form (no script needed) that posts to :func:`choose_language`,
and kept in the session and in a cookie that lasts as long as a session does. The network
address is never used to guess a language: it says where a reader is, not what they read,
and this site does not look at it.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import formats, translation
from django.utils.functional import lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

SESSION_KEY = "language"


def _interpolated(message: object, values: Mapping[str, object]) -> str:
    return str(message) % values


_lazy_interpolated = lazy(_interpolated, str)


def lazy_interpolate(message: object, values: Mapping[str, object]) -> str:
    """``message % values``, done each time the text is read rather than now: for a lazy
    message filled in at import time (a form's help text), since ``gettext_lazy(...) % v``
    translates at once, in the language active when the module is imported (English), and
    every reader would get that. ``tests/i18n/test_import_time.py`` finds the pattern."""
    return _lazy_interpolated(message, values)


def _grouped(number: int) -> str:
    return formats.number_format(number, force_grouping=True)


lazy_number = lazy(_grouped, str)
lazy_number.__doc__ = (
    """``50,000``, ``50 000``, ``50.000``: a number grouped the reader's way when read."""
)


def supported(code: str | None) -> str | None:
    """The code of a language this site is translated into (``"ar"``), or None."""
    codes = {code for code, _name in settings.LANGUAGES}
    return code if code in codes else None


class ReaderLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (cookie, then Accept-Language), with the language kept in the
    session first: a member's choice follows their session even if the cookie is cleared."""

    def process_request(self, request: HttpRequest) -> None:
        session = getattr(request, "session", None)
        chosen = supported(session.get(SESSION_KEY)) if session is not None else None
        if chosen is None:
            super().process_request(request)
            return
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


def _same_site(request: HttpRequest) -> bool:
    # A page of another site may not switch a reader's language. Browsers say where a form
    # came from in Sec-Fetch-Site, which no page can forge; an old browser that sends none
    # is let through, as switching a language is harmless.
    return request.META.get("HTTP_SEC_FETCH_SITE", "same-origin") in ("same-origin", "none")


# No CSRF token: the switcher is on every page, and a token would make pages for readers who
# are not signed in uncacheable (each would set a cookie). The fetch-metadata check above
# refuses cross-site posts instead; nothing but the language can change here.
@csrf_exempt
@require_POST
def choose_language(request: HttpRequest) -> HttpResponseBase:
    """POST ``language`` (a code from settings.LANGUAGES) and ``next`` (a path on this site).

    Answers 303 to ``next`` (the home page when it is missing or points elsewhere), with the
    choice in the session and the language cookie. An unknown code changes nothing; a post
    from another site is refused with 403.
    """
    if not _same_site(request):
        return HttpResponse(status=403)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    response: HttpResponseBase = HttpResponseRedirect(target, status=303)
    language = supported(request.POST.get("language"))
    if language is None:
        return response
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = language
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )
    return response
