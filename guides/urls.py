from django.urls import path, register_converter

from . import views
from .converters import RegionConverter

register_converter(RegionConverter, "region")

app_name = "guides"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("region/", views.region_from_postcode, name="region-from-postcode"),
    path("search/", views.search, name="search"),
    path("practices/", views.catalogue, name="catalogue"),
    path("<region:region>/", views.region_page, name="region"),
    path("<region:region>/<slug:domain>/", views.domain_page, name="domain"),
    path("<region:region>/<slug:domain>/handout/", views.handout, name="handout"),
    path("<region:region>/<slug:domain>/feedback/", views.feedback, name="feedback"),
    path(
        "<region:region>/<slug:domain>/feedback/thanks/",
        views.feedback_thanks,
        name="feedback-thanks",
    ),
]
