from django.urls import path

from linkwell.referrals import inbox_views

app_name = "inbox"

urlpatterns = [
    path("", inbox_views.inbox, name="list"),
    path("<uuid:referral_id>/", inbox_views.referral_detail, name="referral"),
    path("<uuid:referral_id>/allocate/", inbox_views.allocate, name="allocate"),
    path("<uuid:referral_id>/pick-up/", inbox_views.pick_up, name="pick-up"),
    path("<uuid:referral_id>/status/<slug:change>/", inbox_views.change_status, name="change-status"),
]
