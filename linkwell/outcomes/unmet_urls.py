from django.urls import path

from linkwell.outcomes import unmet_views

urlpatterns = [
    path("<uuid:case_id>/unmet-needs/new/", unmet_views.unmet_new, name="unmet-new"),
]
