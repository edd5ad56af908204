from django.urls import path

from linkwell.reports import gap_views

urlpatterns = [
    path("gaps/", gap_views.gap, name="gap"),
    path("gaps/<slug:table_key>.<str:file_format>", gap_views.gap_export, name="gap-export"),
]
