"""Casework pages under /cases/. Each area keeps its own routes; they share the "casework" namespace."""

from linkwell.casework import care_urls, case_urls, consent_urls, discharge_urls, onward_urls, plan_urls

app_name = "casework"
urlpatterns = [
    *case_urls.urlpatterns,
    *plan_urls.urlpatterns,
    *care_urls.urlpatterns,
    *onward_urls.urlpatterns,
    *discharge_urls.urlpatterns,
    *consent_urls.urlpatterns,
]
