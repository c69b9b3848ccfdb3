from django.urls import path, re_path

from notalone.insights import views

app_name = "insights"

# A release's address never changes: its month and its edition (e.g. /insights/2025-03/1/).
RELEASE = r"^(?P<period>[0-9]{4}-[0-9]{2})/(?P<edition>[0-9]{1,4})"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("releases/", views.release_list, name="releases"),
    re_path(RELEASE + r"/$", views.release_detail, name="release"),
    re_path(RELEASE + r"\.csv$", views.release_csv, name="release_csv"),
    re_path(RELEASE + r"\.json$", views.release_json, name="release_json"),
]
