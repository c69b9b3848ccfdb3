from django.contrib import admin
from django.urls import include, path

from notalone.accounts import views as account_views
from notalone.api.main import api
from notalone.core import health
from notalone.core import views as core_views
from notalone.core.language import choose_language

urlpatterns = [
    # First: every API request is resolved without trying the pages' patterns before it.
    path("api/v1/", api.urls),
    path("", core_views.home, name="home"),
    path("staying-safe/", core_views.staying_safe, name="staying_safe"),
    path("health/", core_views.health, name="health"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("language/", choose_language, name="language"),
    path("", include("notalone.accounts.urls")),
    path("", include("notalone.stories.urls")),
    path("moderation/", include("notalone.moderation.urls")),
    path("help/", include("notalone.help.urls")),
    path("escrow/", include("notalone.escrow.urls")),
    path("insights/", include("notalone.insights.urls")),
    # Before the admin's own: its log-in and password pages would skip the one door.
    path("operator/admin/login/", account_views.admin_login),
    path("operator/admin/password_change/", account_views.admin_password_change),
    path("operator/admin/", admin.site.urls),
]

handler403 = "notalone.core.views.permission_denied"
handler404 = "notalone.core.views.page_not_found"
handler500 = "notalone.core.views.server_error"
