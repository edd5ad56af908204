from django.urls import path

from linkwell.reports import dashboard_views

urlpatterns = [
    path("", dashboard_views.index, name="index"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/<slug:table_key>.<str:file_format>", dashboard_views.export, name="dashboard-export"),
]
