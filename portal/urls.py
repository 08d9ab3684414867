from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from guides import views
from guides.api import api
from guides.pagecache import public_page
from guides.sitemaps import PageSitemap

urlpatterns = [
    path("", views.choose_language, name="choose-language"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("export/content.json", views.export_json, name="export-json"),
    path("export/content.csv", views.export_csv, name="export-csv"),
    path(
        "sitemap.xml",
        public_page(sitemap, params=("p",)),
        {"sitemaps": {"pages": PageSitemap}},
        name="sitemap",
    ),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# The language lives in the URL (/fr/, /ar/...): no cookie is needed to read in a language.
urlpatterns += i18n_patterns(path("", include("guides.urls")))

handler400 = "guides.views.bad_request"
handler403 = "guides.views.permission_denied"
handler404 = "guides.views.page_not_found"
handler500 = "guides.views.server_error"
