from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from guides import views

urlpatterns = [
    path("", views.choose_language, name="choose-language"),
    path("admin/", admin.site.urls),
]

# The language lives in the URL (/fr/, /ar/...): no cookie is needed to read in a language.
urlpatterns += i18n_patterns(path("", include("guides.urls")))

handler404 = "guides.views.page_not_found"
handler500 = "guides.views.server_error"
