from django.urls import path
from django.views.i18n import JSONCatalog

from notalone.escrow import views

app_name = "escrow"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new, name="new"),
    path("mine/", views.mine, name="mine"),
    path("mine/<hex16:entry_id>/withdraw/", views.withdraw, name="withdraw"),
    path("counselor/", views.counselor, name="counselor"),
    path("operator/", views.operator, name="operator"),
    # The filing page's sentences in the reader's language (the djangojs catalog).
    path(
        "catalog.json",
        JSONCatalog.as_view(domain="djangojs", packages=["notalone.escrow"]),
        name="catalog",
    ),
]
