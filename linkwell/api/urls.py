from django.urls import path

from linkwell.api.api import api

urlpatterns = [path("", api.urls)]
