from django.urls import URLPattern

app_name = "escrow"

urlpatterns: list[URLPattern] = []
