"""Logging: one handler for every logger, which drops IP addresses from what it writes."""

from __future__ import annotations

from notalone.core.env import envchoice
from notalone.settings.environment import PRODUCTION

LOG_LEVEL = envchoice("NOTALONE_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
# json: one JSON object per line (request id, route, status, duration): for a log collector.
LOG_FORMAT = envchoice("NOTALONE_LOG_FORMAT", "json" if PRODUCTION else "plain", ("json", "plain"))
# One handler, which drops IP addresses from what it writes (notalone/core/redact.py), for
# every logger: Django's own default handlers (a console one in debug mode, mail to ADMINS)
# are replaced, and Huey's consumer, given none, would add an unfiltered handler of its own.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # First: Django's lines for a 5xx answer or a CSRF refusal name the route, not the path.
        "no_paths": {"()": "notalone.core.logs.RouteNotPathFilter"},
        "no_addresses": {"()": "notalone.core.redact.AddressRedactingFilter"},
        "no_traceback": {"()": "notalone.core.redact.WithoutTraceback"},
        "request_id": {"()": "notalone.core.logs.RequestIdFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "notalone.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["no_paths", "no_addresses", "request_id"],
        },
        "console_one_line": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["no_paths", "no_addresses", "no_traceback", "request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.db.backends": {"level": "INFO"},
        # "Not Found: /path" for every 4xx would log identifiers and search words: the request
        # line (notalone.request) already says route and status. Errors (5xx) are still logged.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # A request for an unknown host name and the like: one line each, no traceback.
        "django.security": {
            "handlers": ["console_one_line"],
            "level": LOG_LEVEL,
            "propagate": False,
        },
        # A line per job at INFO is noise; failures are warnings and errors.
        "huey": {
            "handlers": ["console"],
            "level": "WARNING" if LOG_LEVEL == "INFO" else LOG_LEVEL,
            "propagate": False,
        },
    },
}
