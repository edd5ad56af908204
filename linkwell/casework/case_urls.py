from django.urls import path

from linkwell.casework import case_views

urlpatterns = [
    path("", case_views.caseload, name="caseload"),
    path("<uuid:case_id>/", case_views.case_detail, name="case"),
    path("<uuid:case_id>/reassign/", case_views.reassign, name="case-reassign"),
    path("<uuid:case_id>/notes/", case_views.add_note, name="case-note-add"),
]
