"""Links sent to people to answer a wellbeing measure themselves: /m/<token>/ (see outcomes.measure_links)."""

from django.urls import path

from linkwell.outcomes import measure_link_views

app_name = "measure_link"
urlpatterns = [
    path("<str:token>/", measure_link_views.answer, name="answer"),
]
