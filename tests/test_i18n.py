"""Six languages: content complete, catalogues complete, alternates, sitemap, robots.txt."""

import re
import subprocess
from html import unescape

import pytest
from django.conf import settings
from django.utils.translation import get_language_info, trans_real

from guides.models import Domain, Item, OverviewSection, Region
from guides.translation import (
    DomainTranslationOptions,
    ItemTranslationOptions,
    OverviewSectionTranslationOptions,
    RegionTranslationOptions,
)

from .conftest import LANGUAGES
from .test_pages import PAGES

pytestmark = pytest.mark.django_db

TRANSLATED = [
    (Region, RegionTranslationOptions.fields),
    (Domain, DomainTranslationOptions.fields),
    (OverviewSection, OverviewSectionTranslationOptions.fields),
    (Item, ItemTranslationOptions.fields),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_content_field_is_filled_in_every_language(language):
    missing = []
    for model, fields in TRANSLATED:
        for obj in model.objects.all():
            for field in fields:
                french = getattr(obj, f"{field}_fr")
                if french and not getattr(obj, f"{field}_{language}"):
                    missing.append(f"{model.__name__} {obj.slug}.{field}")
                if field == "points" and french:
                    translated = getattr(obj, f"{field}_{language}").splitlines()
                    assert len(translated) == len(french.splitlines()), (obj.slug, language)
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_interface_catalogue_is_complete(language):
    po = settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def visible_text(content):
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", content))


def french_interface_strings():
    """The French catalogue's texts that differ from their English original, except language
    names, which the language switcher writes in their own language on purpose, and one-word
    lowercase admin labels ("type"), which are also English words."""
    catalog = trans_real.translation("fr")._catalog
    own_names = {get_language_info(code)["name_local"].lower() for code in LANGUAGES}
    return {
        text
        for msgid, text in catalog.items()
        if isinstance(msgid, str)
        and msgid
        and text != msgid
        and len(text) > 3
        and text.lower() not in own_names
        and not (text.islower() and " " not in text)
    }


@pytest.mark.parametrize("page", PAGES)
def test_english_pages_show_no_french_interface_text(client, page):
    text = visible_text(client.get(f"/en/{page}").content.decode())
    french = [s for s in french_interface_strings() if "%(" not in s and s in text]
    assert french == []


@pytest.mark.parametrize("language", ["fr", "ar", "nl"])
def test_interface_is_translated(client, language):
    content = client.get(f"/{language}/brussels/health/").content.decode()
    assert "Main challenges" not in content and "Skip to main content" not in content


@pytest.mark.parametrize("page", ["", "about/", "brussels/", "flanders/education/"])
def test_hreflang_alternates_are_complete_and_reachable(client, page):
    content = client.get(f"/nl/{page}").content.decode()
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', content)
    )
    assert set(alternates) == set(LANGUAGES) | {"x-default"}
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', content).group(1)
    assert canonical == f"http://testserver/nl/{page}"
    for language, url in alternates.items():
        response = client.get(url.removeprefix("http://testserver"), follow=True)
        assert response.status_code == 200, url
        if language != "x-default":
            assert f'<html lang="{language}"' in response.content.decode()


def test_sitemap_lists_every_page_in_every_language_with_alternates(client):
    content = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", content)
    assert len(locations) == len(PAGES) * len(LANGUAGES)
    assert "http://testserver/ar/brussels/social-assistance/" in locations
    assert content.count('hreflang="x-default"') == len(locations)


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_arabic_pages_keep_latin_addresses_left_to_right(client):
    content = client.get("/ar/flanders/education/").content.decode()
    assert '<a href="https://refugeeswellschool.org/" dir="ltr">' in content
