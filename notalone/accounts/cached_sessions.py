"""SESSION_ENGINE = "notalone.accounts.cached_sessions": the members' database sessions read
through the shared cache (the production profile, with REDIS_URL). See ``CachedSessionStore``."""

from notalone.accounts.sessions import CachedSessionStore as SessionStore

__all__ = ["SessionStore"]
