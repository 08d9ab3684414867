"""Addresses worked out once per process (guides.links) are the ones reverse() gives."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils.translation import override

from guides.links import url_for

from .conftest import LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_gets_its_own_address(language):
    with override(language):
        assert url_for("guides:home") == reverse("guides:home") == f"/{language}/"
        assert url_for("guides:domain", "brussels", "housing") == reverse(
            "guides:domain", args=["brussels", "housing"]
        )
        assert url_for("guides:region", region="wallonia") == f"/{language}/wallonia/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_address_in_another_language_leaves_the_active_one(language):
    with override("fr"):
        assert url_for("guides:about", language=language) == f"/{language}/about/"
        assert url_for("guides:about") == "/fr/about/"


def test_the_address_follows_the_script_prefix():
    with override("fr"):
        url_for("guides:about")
        set_script_prefix("/portal/")
        try:
            assert url_for("guides:about") == "/portal/fr/about/"
        finally:
            set_script_prefix("/")
        assert url_for("guides:about") == "/fr/about/"


urlpatterns = []  # a URLconf that knows no page


def test_the_address_follows_a_new_urlconf():
    with override("fr"):
        assert url_for("guides:about") == "/fr/about/"
        with override_settings(ROOT_URLCONF=__name__), pytest.raises(NoReverseMatch):
            url_for("guides:about")
        assert url_for("guides:about") == "/fr/about/"


def test_an_unknown_page_is_no_address():
    with pytest.raises(NoReverseMatch):
        url_for("guides:domain", "brussels")
