from django.urls import path

from notalone.help import views

app_name = "help"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("now/", views.help_now, name="now"),
    path("where/", views.choose_place, name="place"),
    path("r/<slug:slug>/", views.resource_detail, name="resource"),
    path("legal/", views.legal, name="legal"),
    path("legal/preparing/", views.legal_guide, name="legal_guide"),
    path("laws/", views.laws, name="laws"),
    path("laws/since-2017/", views.laws_timeline, name="laws_timeline"),
    path("laws/c190/", views.laws_c190, name="laws_c190"),
    path("laws/<str:code>/", views.jurisdiction_detail, name="jurisdiction"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.manage_new, name="manage_new"),
    path("manage/<slug:slug>/edit/", views.manage_edit, name="manage_edit"),
    path("manage/<slug:slug>/retire/", views.manage_retire, name="manage_retire"),
]
