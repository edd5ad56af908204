"""The provider inbox under /provider/: referrals sent to the services a provider's organisation manages."""

from django.urls import path

from linkwell.casework import provider_views

app_name = "provider"
urlpatterns = [
    path("", provider_views.inbox, name="inbox"),
    path("<uuid:onward_id>/", provider_views.referral, name="referral"),
    path("<uuid:onward_id>/<slug:move>/", provider_views.change, name="change"),
]
