from django.urls import URLPattern

app_name = "oruk"

urlpatterns: list[URLPattern] = []
