from django.urls import URLPattern, path

from linkwell.referrals import referrer_views as views

app_name = "referrals"

urlpatterns: list[URLPattern] = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_create, name="create"),
    path("<uuid:referral_id>/", views.referral_status, name="status"),
    path("<uuid:referral_id>/sent/", views.referral_sent, name="sent"),
]
