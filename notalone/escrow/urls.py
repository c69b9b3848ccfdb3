from django.urls import path

from notalone.escrow import views

app_name = "escrow"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new, name="new"),
    path("mine/", views.mine, name="mine"),
    path("mine/<str:entry_id>/withdraw/", views.withdraw, name="withdraw"),
    path("counselor/", views.counselor, name="counselor"),
    path("operator/", views.operator, name="operator"),
]
