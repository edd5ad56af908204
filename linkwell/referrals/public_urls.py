from django.urls import path

from linkwell.referrals import public_views

app_name = "public_referral"
urlpatterns = [
    path("", public_views.start, name="start"),
    path("check-your-answers/", public_views.check, name="check"),
    path("sent/", public_views.sent, name="sent"),
    path("<slug:step>/", public_views.step, name="step"),
]
