from django.urls import path

from linkwell.casework import discharge_views

urlpatterns = [
    path("<uuid:case_id>/discharge/", discharge_views.discharge, name="discharge"),
    path("message-back/<uuid:referral_id>/", discharge_views.message_back, name="message-back"),
]
