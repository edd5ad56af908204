from django.urls import path

from linkwell.outcomes import measure_views

urlpatterns = [
    path("<uuid:case_id>/measures/", measure_views.measure_list, name="measures"),
    path("<uuid:case_id>/measures/new/", measure_views.measure_new, name="measure-new"),
    path("<uuid:case_id>/measures/send/", measure_views.send_link, name="measure-send"),
    path("<uuid:case_id>/measures/<uuid:measure_id>/", measure_views.measure_detail, name="measure"),
]
