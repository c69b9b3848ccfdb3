from django.urls import path

from notalone.moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("item/", views.target, name="target"),
    path("act/", views.act, name="act"),
    path("log/", views.log, name="log"),
    path("appeals/", views.appeals, name="appeals"),
    path("appeals/<pid:appeal_id>/decide/", views.appeal_decide, name="appeal_decide"),
    path("report/", views.report, name="report"),
    path("report/thanks/", views.report_thanks, name="report_thanks"),
    path("notices/", views.notices, name="notices"),
    path("notices/<pid:notice_id>/appeal/", views.appeal, name="appeal"),
]
