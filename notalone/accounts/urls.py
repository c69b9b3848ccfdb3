from django.urls import path

from notalone.accounts import access_views, views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("recover/", views.recover, name="recover"),
    path("account/", views.account, name="account"),
    path("account/password/", views.change_password, name="change_password"),
    path("account/access/", access_views.access, name="access"),
    path("account/access/end/", access_views.end, name="access_end"),
    path("account/access/end-others/", access_views.end_others, name="access_end_others"),
    path("account/access/token/", access_views.token_new, name="token_new"),
    path("account/recovery-code/", views.new_recovery_code, name="new_recovery_code"),
    path("account/export/", views.export, name="export"),
    path("account/delete/", views.delete, name="delete"),
]
