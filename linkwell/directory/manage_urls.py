from django.urls import URLPattern, path

from linkwell.directory import manage_views as views

app_name = "manage"

urlpatterns: list[URLPattern] = [
    path("", views.service_list, name="list"),
    path("new/", views.service_create, name="create"),
    path("<uuid:service_id>/", views.service_detail, name="detail"),
    path("<uuid:service_id>/edit/", views.service_edit, name="edit"),
    path("<uuid:service_id>/locations/add/", views.location_add, name="location-add"),
    path("<uuid:service_id>/locations/<uuid:location_id>/edit/", views.location_edit, name="location-edit"),
    path("<uuid:service_id>/locations/<uuid:location_id>/remove/", views.location_remove, name="location-remove"),
    path("<uuid:service_id>/schedules/add/", views.schedule_add, name="schedule-add"),
    path("<uuid:service_id>/schedules/<uuid:schedule_id>/edit/", views.schedule_edit, name="schedule-edit"),
    path("<uuid:service_id>/schedules/<uuid:schedule_id>/remove/", views.schedule_remove, name="schedule-remove"),
    path("<uuid:service_id>/costs/add/", views.cost_add, name="cost-add"),
    path("<uuid:service_id>/costs/<uuid:cost_option_id>/edit/", views.cost_edit, name="cost-edit"),
    path("<uuid:service_id>/costs/<uuid:cost_option_id>/remove/", views.cost_remove, name="cost-remove"),
    path("<uuid:service_id>/<slug:transition>/", views.service_transition, name="transition"),
]
