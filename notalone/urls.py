from django.contrib import admin
from django.urls import include, path

from notalone.api.main import api
from notalone.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("staying-safe/", core_views.staying_safe, name="staying_safe"),
    path("health/", core_views.health, name="health"),
    path("", include("notalone.accounts.urls")),
    path("", include("notalone.stories.urls")),
    path("moderation/", include("notalone.moderation.urls")),
    path("help/", include("notalone.help.urls")),
    path("escrow/", include("notalone.escrow.urls")),
    path("api/v1/", api.urls),
    path("operator/admin/", admin.site.urls),
]

handler403 = "notalone.core.views.permission_denied"
handler404 = "notalone.core.views.page_not_found"
handler500 = "notalone.core.views.server_error"
