from django.urls import path

from linkwell.casework import consent_views

urlpatterns = [
    path("<uuid:case_id>/consent/", consent_views.case_consent, name="case-consent"),
]
