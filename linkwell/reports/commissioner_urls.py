from django.urls import path

from linkwell.reports import commissioner_views, evaluation_views

urlpatterns = [
    path("commissioner/", commissioner_views.commissioner, name="commissioner"),
    path("commissioner/<slug:table_key>.<str:file_format>", commissioner_views.export, name="commissioner-export"),
    path("evaluation/", evaluation_views.evaluation, name="evaluation"),
]
