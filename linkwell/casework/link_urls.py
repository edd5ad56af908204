"""Single-purpose links emailed to providers without accounts: /r/<token>/ (see casework.provider_links)."""

from django.urls import path

from linkwell.casework import link_views

app_name = "provider_link"
urlpatterns = [
    path("<str:token>/", link_views.landing, name="landing"),
]
