"""Where NotAlone runs: production or development, its data directory, secret key and host names."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import django_stubs_ext

from notalone.core.env import SettingError, envbool, envchoice, envlist, envstr, envurl

# Lets the code say QuerySet[Story] and ModelAdmin[User] at run time as well as for mypy.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

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
