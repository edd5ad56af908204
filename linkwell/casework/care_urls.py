from django.urls import path

from linkwell.casework import care_views

urlpatterns = [
    path("<uuid:case_id>/contacts/", care_views.contact_list, name="contact-list"),
    path("<uuid:case_id>/contacts/new/", care_views.contact_new, name="contact-new"),
    path("<uuid:case_id>/follow-ups/new/", care_views.follow_up_new, name="follow-up-new"),
    path("<uuid:case_id>/follow-ups/<uuid:follow_up_id>/done/", care_views.follow_up_done, name="follow-up-done"),
    path("<uuid:case_id>/concerns/", care_views.concern_list, name="concern-list"),
    path("<uuid:case_id>/concerns/new/", care_views.concern_new, name="concern-new"),
    path("<uuid:case_id>/concerns/<uuid:concern_id>/", care_views.concern_detail, name="concern-detail"),
    path("<uuid:case_id>/concerns/<uuid:concern_id>/close/", care_views.concern_close, name="concern-close"),
]
