from django.urls import include, path

from linkwell.core import views as core_views
from linkwell.oruk import views as oruk_views

urlpatterns = [
    path("health", core_views.health, name="health"),
    path("accounts/", include("linkwell.accounts.urls")),
    path("audit/", include("linkwell.audit.urls")),
    path("services/", include("linkwell.directory.urls")),
    path("directory/manage/", include("linkwell.directory.manage_urls")),
    # Served without the slash too: a redirect would carry no CORS header, and ORUK clients differ.
    path("oruk", oruk_views.root),
    path("oruk/", include("linkwell.oruk.urls")),
    path("referrals/", include("linkwell.referrals.referrer_urls")),
    path("inbox/", include("linkwell.referrals.inbox_urls")),
    path("fhir/", include("linkwell.fhir.urls")),
    path("api/v1/", include("linkwell.api.urls")),
    path("refer-yourself/", include("linkwell.referrals.public_urls")),
    path("cases/", include("linkwell.casework.urls")),
    path("cases/", include("linkwell.outcomes.urls")),
    path("reports/", include("linkwell.reports.urls")),
    path("provider/", include("linkwell.casework.provider_urls")),
    # Single-purpose links emailed to providers without accounts: short, as they are read and typed.
    path("r/", include("linkwell.casework.link_urls")),
    path("m/", include("linkwell.outcomes.measure_link_urls")),
    path("find-your-service/", include("linkwell.referrals.find_service_urls")),
    path("", include("linkwell.core.urls")),
]

handler400 = "linkwell.core.views.bad_request"
handler403 = "linkwell.core.views.permission_denied"
handler404 = "linkwell.core.views.page_not_found"
handler500 = "linkwell.core.views.server_error"
