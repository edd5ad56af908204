from django.urls import URLPattern, re_path

from linkwell.oruk import views

app_name = "oruk"

# A trailing slash is optional (clients differ), and ids are matched loosely so that a malformed one gets
# this API's JSON 404 rather than the site's HTML page; so does any other path under /oruk/.
_ID = r"(?P<record_id>[^/]+)"

urlpatterns: list[URLPattern] = [
    re_path(r"^$", views.root, name="root"),
    re_path(r"^openapi\.json$", views.openapi_document, name="openapi"),
    re_path(r"^services/?$", views.services, name="services"),
    re_path(rf"^services/{_ID}/?$", views.service, name="service"),
    re_path(r"^service_at_locations/?$", views.service_at_locations, name="service_at_locations"),
    re_path(rf"^service_at_locations/{_ID}/?$", views.service_at_location, name="service_at_location"),
    re_path(r"^taxonomies/?$", views.taxonomies, name="taxonomies"),
    re_path(rf"^taxonomies/{_ID}/?$", views.taxonomy, name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", views.taxonomy_terms, name="taxonomy_terms"),
    re_path(rf"^taxonomy_terms/{_ID}/?$", views.taxonomy_term, name="taxonomy_term"),
    re_path(r"^organizations/?$", views.organizations, name="organizations"),
    re_path(rf"^organizations/{_ID}/?$", views.organization, name="organization"),
    re_path(r"", views.not_found),
]
