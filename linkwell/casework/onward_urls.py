from django.urls import path

from linkwell.casework import onward_views

urlpatterns = [
    path("<uuid:case_id>/refer-on/", onward_views.search, name="onward-search"),
    path("<uuid:case_id>/refer-on/<uuid:service_id>/", onward_views.refer, name="onward-refer"),
    path("<uuid:case_id>/signpost/<uuid:service_id>/", onward_views.record_signposting, name="onward-signpost"),
    path("<uuid:case_id>/onward/<uuid:onward_id>/", onward_views.detail, name="onward-detail"),
    path("<uuid:case_id>/onward/<uuid:onward_id>/<slug:to_status>/", onward_views.change, name="onward-change"),
]
