"""The Django application: apps, middleware, templates, accounts, languages and static files."""

from __future__ import annotations

from notalone.settings.environment import BASE_DIR, DATA_DIR, PRODUCTION

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
    "notalone.insights",
]

MIDDLEWARE = [
    # First: nothing below it, logs and error reports included, ever sees the address.
    "notalone.core.middleware.ClientAddressScrubMiddleware",
    # Second: times the whole request and writes its one log line (notalone/core/logs.py).
    "notalone.core.logs.RequestLogMiddleware",
    # A database that cannot answer is a 503 with Retry-After, never a 500 (core/unavailable.py).
    "notalone.core.unavailable.DatabaseUnavailableMiddleware",
    # /healthz and /readyz, whatever the Host header: a health check asks by address.
    "notalone.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "notalone.core.middleware.SecurityHeadersMiddleware",
    "notalone.core.middleware.RefuseNulMiddleware",
    # The five from notalone.core.bearer_api are Django's and WhiteNoise's, which a bearer-token
    # call to the escrow API (/api/v1/escrow/) passes by: they serve pages and cookie sessions.
    "notalone.core.bearer_api.WhiteNoiseMiddleware",
    "notalone.core.bearer_api.SessionMiddleware",
    "notalone.core.language.ReaderLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "notalone.core.bearer_api.CsrfViewMiddleware",
    "notalone.core.bearer_api.AuthenticationMiddleware",
    "notalone.core.dbrouting.PrimaryAfterWriteMiddleware",
    "notalone.core.bearer_api.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "notalone.urls"
# Text inputs and textareas get dir="auto" (core/forms_rendering.py).
FORM_RENDERER = "notalone.core.forms_rendering.DirAutoRenderer"
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
                "notalone.help.context_processors.crisis_line",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Finds the signed-in member for each request and never checks a password: every password
# check goes through notalone.accounts.authentication, under its limits.
AUTHENTICATION_BACKENDS = ["notalone.accounts.backends.NoPasswordBackend"]
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

LANGUAGE_CODE = "en"
# Each language is named in itself, so a reader finds theirs whatever the page is in. The reader
# chooses (the switcher in every page's header, remembered in the session and a cookie);
# Accept-Language is only the first guess, and the network address is never used.
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("hi", "हिन्दी"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Counts read the reader's way (12,000 / 12 000 / 12.000); years and codes are shown with
# |unlocalize in the templates that print them.
USE_THOUSAND_SEPARATOR = True
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
# Everything in the data directory is for the operator's user alone, collected static files
# too (Django would make them 0644): the server process itself serves them (WhiteNoise).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
