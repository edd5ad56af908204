from django.urls import path

from linkwell.referrals import duplicate_views, inbox_views

app_name = "inbox"

urlpatterns = [
    path("", inbox_views.inbox, name="list"),
    path("duplicates/", duplicate_views.duplicate_list, name="duplicates"),
    path("duplicates/<int:duplicate_id>/", duplicate_views.duplicate_check, name="duplicate"),
    path("<uuid:referral_id>/", inbox_views.referral_detail, name="referral"),
    path("<uuid:referral_id>/allocate/", inbox_views.allocate, name="allocate"),
    path("<uuid:referral_id>/pick-up/", inbox_views.pick_up, name="pick-up"),
    path("<uuid:referral_id>/status/<slug:change>/", inbox_views.change_status, name="change-status"),
]
