"""Report pages under /reports/: each area keeps its own routes; they share the "reports" namespace."""

from linkwell.reports import commissioner_urls, dashboard_urls, gap_urls

app_name = "reports"
urlpatterns = [
    *dashboard_urls.urlpatterns,
    *commissioner_urls.urlpatterns,
    *gap_urls.urlpatterns,
]
