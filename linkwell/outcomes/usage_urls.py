from django.urls import path

from linkwell.outcomes import usage_views

urlpatterns = [
    path("<uuid:case_id>/usage/new/", usage_views.usage_new, name="usage-new"),
]
