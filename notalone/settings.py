"""NotAlone's settings: one module, read from the environment.

Every variable is documented in docs/OPERATING.md. A bad value raises SettingError with a
message that names the variable; ``notalone`` prints it and exits without a traceback.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext

from notalone.core.env import (
    SettingError,
    envbool,
    envchoice,
    envint,
    envlist,
    envstr,
    envurl,
)

# Lets the code say QuerySet[Story] and ModelAdmin[User] at run time as well as for mypy.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent

ENVIRONMENT = envchoice("NOTALONE_ENV", "production", ("development", "production"))
PRODUCTION = ENVIRONMENT == "production"
DEBUG = envbool("NOTALONE_DEBUG", False)
if DEBUG and PRODUCTION:
    raise SettingError("NOTALONE_DEBUG=true is refused when NOTALONE_ENV=production.")


def _default_data_dir() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "notalone"


# Kept outside the repository: the SQLite database, the job queue, a development secret key.
DATA_DIR = Path(envstr("NOTALONE_DATA_DIR") or _default_data_dir())
try:
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
except OSError as error:
    raise SettingError(
        f"NOTALONE_DATA_DIR={str(DATA_DIR)!r} cannot be created ({error.strerror})."
    ) from error


def _secret_key() -> str:
    configured = envstr("NOTALONE_SECRET_KEY")
    if configured is not None:
        if len(configured) < 50:
            raise SettingError(
                "NOTALONE_SECRET_KEY is too short: use at least 50 random characters."
            )
        return configured
    if PRODUCTION:
        raise SettingError(
            "NOTALONE_SECRET_KEY is required when NOTALONE_ENV=production "
            "(50 or more random characters, or NOTALONE_SECRET_KEY_FILE)."
        )
    # Development: made once, kept in the data directory, never in the repository.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = envlist(
    "NOTALONE_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise SettingError(
        "NOTALONE_ALLOWED_HOSTS is required when NOTALONE_ENV=production "
        "(the host names the site answers to, separated by commas)."
    )
SITE_NAME = envstr("NOTALONE_SITE_NAME", "NotAlone") or "NotAlone"
# Where the quick-exit control sends the reader: a neutral page that reveals nothing.
QUICK_EXIT_URL = envurl(
    "NOTALONE_QUICK_EXIT_URL", "https://www.bbc.com/weather", schemes=("https",)
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "notalone.core",
    "notalone.accounts",
    "notalone.stories",
    "notalone.moderation",
    "notalone.help",
    "notalone.escrow",
]

MIDDLEWARE = [
    # First: nothing below it, logs and error reports included, ever sees the address.
    "notalone.core.middleware.ClientAddressScrubMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "notalone.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "notalone.core.csrf.NoReferrerCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "notalone.urls"
WSGI_APPLICATION = "notalone.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notalone.core.context_processors.site",
                "notalone.moderation.context_processors.notices",
            ],
        },
    },
]

# Databases: SQLite (WAL) by default, PostgreSQL when DATABASE_URL says so.
DATABASE_URL = envurl(
    "DATABASE_URL",
    f"sqlite:///{DATA_DIR / 'notalone.sqlite3'}",
    schemes=("sqlite", "postgres", "postgresql"),
)
assert DATABASE_URL is not None
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each thread keeps its connection: opening one costs the PRAGMAs below on every request.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; secure_delete overwrites deleted
        # content, so "delete my account" does not leave words behind in free pages.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA secure_delete=ON; PRAGMA busy_timeout=5000"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Cache, rate limits and the daily rotating address key: in-process by default, Redis when
# REDIS_URL is set. Neither is written to disk by NotAlone.
REDIS_URL = envurl("REDIS_URL", None, schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            "KEY_PREFIX": "notalone",
        }
    }
    HUEY: dict[str, object] = {"huey_class": "huey.RedisHuey", "name": "notalone", "url": REDIS_URL}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "notalone",
        "filename": str(DATA_DIR / "jobs.sqlite3"),
    }
HUEY["immediate"] = envbool("NOTALONE_JOBS_IMMEDIATE", False)

SESSION_ENGINE = "django.contrib.sessions.backends.db"
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
if envbool("NOTALONE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = envlist("NOTALONE_CSRF_TRUSTED_ORIGINS", [])
# With a reverse proxy, the header that carries the reader's address (for rate limits only;
# it is hashed and then removed from the request like REMOTE_ADDR).
CLIENT_ADDRESS_HEADER = envstr("NOTALONE_CLIENT_ADDRESS_HEADER")

# Pages for readers who are not signed in are served from the cache for this long (0: off).
ANONYMOUS_PAGE_CACHE_SECONDS = envint("NOTALONE_PAGE_CACHE_SECONDS", 10, minimum=0, maximum=3600)
LOGIN_ATTEMPTS_PER_15_MINUTES = envint("NOTALONE_LOGIN_ATTEMPTS", 10, minimum=1, maximum=1000)
SIGNUPS_PER_HOUR = envint("NOTALONE_SIGNUPS_PER_HOUR", 20, minimum=1, maximum=100000)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# The US National Sexual Assault Hotline (RAINN) until the help directory supplies one
# for the reader's country (shared/data/resources.csv).
FALLBACK_CRISIS_LINE = {"name": "National Sexual Assault Hotline (US)", "phone": "800-656-4673"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": envchoice("NOTALONE_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Escrow ("safety in numbers"): each variable is documented in docs/ESCROW_OPERATING.md.
ESCROW_QUORUM = envint("NOTALONE_ESCROW_QUORUM", 2, minimum=2, maximum=255)
# Guardian base URLs in index order (guardian 1 first), or "demo" for in-process guardians.
ESCROW_GUARDIANS = envlist("NOTALONE_ESCROW_GUARDIANS", [])
ESCROW_DEMO = ESCROW_GUARDIANS == ["demo"]
for _guardian_url in [] if ESCROW_DEMO else ESCROW_GUARDIANS:
    if not _guardian_url.startswith(("http://", "https://")):
        raise SettingError(
            f"NOTALONE_ESCROW_GUARDIANS has {_guardian_url!r}: give http(s) URLs, or just demo."
        )
ESCROW_GUARDIAN_TOKEN = envstr("NOTALONE_ESCROW_GUARDIAN_TOKEN")
if ESCROW_GUARDIANS and not ESCROW_DEMO and not ESCROW_GUARDIAN_TOKEN:
    raise SettingError(
        "NOTALONE_ESCROW_GUARDIAN_TOKEN (or _FILE) is required with guardian URLs: "
        "the guardians refuse requests without it."
    )
ESCROW_GUARDIAN_TIMEOUT_MS = envint(
    "NOTALONE_ESCROW_GUARDIAN_TIMEOUT_MS", 3000, minimum=100, maximum=60000
)
ESCROW_COUNSELOR_PUBLIC_KEY = envstr("NOTALONE_ESCROW_COUNSELOR_PUBLIC_KEY")
ESCROW_REALM = envstr("NOTALONE_ESCROW_REALM")
ESCROW_SHARES_DIR = Path(envstr("NOTALONE_ESCROW_SHARES_DIR") or DATA_DIR / "escrow")
ESCROW_ENTRIES_PER_ACCOUNT = envint(
    "NOTALONE_ESCROW_ENTRIES_PER_ACCOUNT", 10, minimum=1, maximum=1000
)
ESCROW_IDENTIFIERS_PER_ENTRY = envint(
    "NOTALONE_ESCROW_IDENTIFIERS_PER_ENTRY", 5, minimum=1, maximum=20
)
ESCROW_FILERS = envchoice("NOTALONE_ESCROW_FILERS", "members", ("members", "approved"))
ESCROW_MIN_ACCOUNT_DAYS = envint("NOTALONE_ESCROW_MIN_ACCOUNT_DAYS", 0, minimum=0, maximum=3650)
# Demo guardians' limits; real guardians take theirs on the `notalone guardian serve` line.
ESCROW_DEMO_EVALUATIONS_PER_ACCOUNT = envint(
    "NOTALONE_ESCROW_DEMO_EVALUATIONS_PER_ACCOUNT", 60, minimum=1, maximum=1_000_000
)
ESCROW_DEMO_EVALUATIONS_PER_DAY = envint(
    "NOTALONE_ESCROW_DEMO_EVALUATIONS_PER_DAY", 100_000, minimum=1, maximum=100_000_000
)
