"""``/api/v1``: one NinjaAPI that mounts each app's router. The OpenAPI document is served at
``/api/v1/openapi.json``; the interactive docs page is off, because it loads from a CDN."""

from __future__ import annotations

from ninja import NinjaAPI

from notalone.accounts.api import router as accounts_router
from notalone.core import api as api_errors
from notalone.escrow.api import router as escrow_router
from notalone.insights.api import router as insights_router
from notalone.moderation.api import router as moderation_router
from notalone.stories.api import router as stories_router

api = NinjaAPI(
    title="NotAlone API",
    version="1",
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    description="Stories, solidarity and moderation. Errors are JSON with a `detail`.",
)
api_errors.install(api)
# The escrow's first: its URL patterns come first, and a filing's two calls are resolved
# without trying the forty others (the escrow's routes all start with /escrow, so the order
# changes no match).
api.add_router("/escrow", escrow_router)
api.add_router("/", accounts_router)
api.add_router("/", stories_router)
api.add_router("/", moderation_router)
api.add_router("/insights", insights_router)
