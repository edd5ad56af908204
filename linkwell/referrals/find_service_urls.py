from django.urls import path

from linkwell.referrals import find_service_views

app_name = "find_service"
urlpatterns = [path("", find_service_views.find, name="find")]
