"""Outcome pages under /cases/<id>/: each area keeps its own routes; they share the "outcomes" namespace."""

from linkwell.outcomes import measure_urls, unmet_urls, usage_urls

app_name = "outcomes"
urlpatterns = [
    *measure_urls.urlpatterns,
    *usage_urls.urlpatterns,
    *unmet_urls.urlpatterns,
]
