from django.urls import URLPattern, path

from linkwell.fhir import views

app_name = "fhir"

urlpatterns: list[URLPattern] = [
    path("metadata", views.metadata, name="metadata"),
    path("ServiceRequest", views.create_service_request, name="service_request_create"),
    path("ServiceRequest/<str:referral_id>", views.read_service_request, name="service_request"),
    path("ServiceRequest/<str:referral_id>/$message-back", views.read_message_back, name="message_back"),
    path("Task", views.search_tasks, name="tasks"),
]
