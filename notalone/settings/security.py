"""Sessions, cookies, HTTPS, the reverse proxy and the per-client limits."""

from __future__ import annotations

from notalone.core.env import SettingError, envbool, envint, envlist, envnetworks, envstr
from notalone.settings.environment import PRODUCTION

# Database sessions that know their member, so members can list and end them, and a
# password change ends every other one (accounts/sessions.py). No address, no device details.
SESSION_ENGINE = "notalone.accounts.sessions"  # read through Redis when REDIS_URL is set (storage)
# Longest a session's cached copy is used before the database is read again (REDIS_URL only).
SESSION_CACHE_SECONDS = envint("NOTALONE_SESSION_CACHE_SECONDS", 300, minimum=1, maximum=3600)
# A shared or watched device is a real risk: the session ends when the browser closes.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = envint("NOTALONE_SESSION_HOURS", 12, minimum=1, maximum=24 * 30) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "na_session"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "na_csrf"
# A browser-session cookie: nothing from this site outlives the browser window.
CSRF_COOKIE_AGE = None
CSRF_FAILURE_VIEW = "notalone.core.views.csrf_failure"

HTTPS = envbool("NOTALONE_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = envbool("NOTALONE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = 63072000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = False
BEHIND_PROXY = envbool("NOTALONE_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = envlist("NOTALONE_CSRF_TRUSTED_ORIGINS", [])
# With a reverse proxy, the header that carries the reader's address (for rate limits only;
# it is hashed and then removed from the request like REMOTE_ADDR).
CLIENT_ADDRESS_HEADER = envstr("NOTALONE_CLIENT_ADDRESS_HEADER")
# The proxies whose header is believed: from any other peer the header is ignored (anyone can
# send one), and their own entries in it are skipped (core/middleware.py, client_address).
TRUSTED_PROXIES = envnetworks("NOTALONE_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
if BEHIND_PROXY and not CLIENT_ADDRESS_HEADER:
    # Behind a proxy every request comes from the proxy's address: per-client limits would
    # then be one limit for the whole site, and one stranger could use it all up.
    raise SettingError(
        "NOTALONE_BEHIND_PROXY=true needs NOTALONE_CLIENT_ADDRESS_HEADER (for example "
        "X-Forwarded-For): see 'Behind a reverse proxy' in docs/OPERATING.md."
    )

# Pages for readers who are not signed in are served from the cache for this long (0: off).
ANONYMOUS_PAGE_CACHE_SECONDS = envint("NOTALONE_PAGE_CACHE_SECONDS", 10, minimum=0, maximum=3600)
# Feed pages' rendered story cards, shared by every reader of an audience, for this long (0: off);
# each member's blocks, mutes and reactions are laid over them (notalone/stories/cardlist.py).
CARD_LIST_SECONDS = envint("NOTALONE_CARD_LIST_SECONDS", 5, minimum=0, maximum=60)
# Wrong passwords per username (from browsers not remembered for it) before each further
# try waits, twice as long each time, up to 15 minutes; three times as many per client.
LOGIN_ATTEMPTS_PER_15_MINUTES = envint("NOTALONE_LOGIN_ATTEMPTS", 10, minimum=1, maximum=1000)
# "Remember this browser" at log-in: how long the signed cookie and its row count.
REMEMBER_BROWSER_DAYS = envint("NOTALONE_REMEMBER_BROWSER_DAYS", 90, minimum=1, maximum=400)
REMEMBER_BROWSER_COOKIE_NAME = "na_browser"
SIGNUPS_PER_HOUR = envint("NOTALONE_SIGNUPS_PER_HOUR", 20, minimum=1, maximum=100000)

# The reader's choice of language lasts as long as a session, and no longer (a shared device).
LANGUAGE_COOKIE_NAME = "na_language"
LANGUAGE_COOKIE_AGE = SESSION_COOKIE_AGE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
