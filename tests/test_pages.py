"""Every page in every language, the language and region switchers, 404s."""

import re

import pytest

from .conftest import DOMAINS, LANGUAGES, REGIONS

pytestmark = pytest.mark.django_db

PAGES = (
    ["", "about/", "accessibility/", "practices/"]
    + [f"{r}/" for r in REGIONS]
    + [f"{r}/{d}/" for r in REGIONS for d in DOMAINS]
)


def html_attrs(content):
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', content)
    return match.groups() if match else None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_answers_in_every_language(client, language, page):
    response = client.get(f"/{language}/{page}")
    assert response.status_code == 200
    content = response.content.decode()
    assert html_attrs(content) == (language, "rtl" if language == "ar" else "ltr")
    assert content.count("<h1") == 1
    assert not response.cookies, "public pages set no cookie"


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("nl-BE,nl;q=0.9,en;q=0.8", "/nl/"),
        ("ar-MA", "/ar/"),
        ("de-DE,de;q=0.9", "/fr/"),
        ("de;q=1.0, es;q=0.8, en;q=0.5", "/es/"),
        ("ro-RO", "/ro/"),
        ("", "/fr/"),
        ("*", "/fr/"),
        ("garbage;;q=xyz,,", "/fr/"),
    ],
)
def test_root_redirects_to_the_best_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert "Accept-Language" in response["Vary"]


def test_language_switcher_keeps_the_current_page(client):
    content = client.get("/fr/brussels/health/").content.decode()
    for language in LANGUAGES:
        assert f'href="/{language}/brussels/health/" lang="{language}"' in content
    assert 'lang="ar" hreflang="ar" dir="rtl">العربيّة' in content


def _nav(content, css_class):
    return re.search(rf'<nav class="{css_class}".*?</nav>', content, re.S).group(0)


@pytest.mark.parametrize(
    ("path", "current", "links"),
    [
        # On a domain page, the other regions' pages of the same domain.
        ("/en/wallonia/housing/", "Wallonia", ["/en/flanders/housing/", "/en/brussels/housing/"]),
        ("/nl/brussels/", "Brussel", ["/nl/flanders/", "/nl/wallonia/"]),
    ],
)
def test_region_switcher_marks_the_current_region_and_links_the_others(
    client, path, current, links
):
    switcher = _nav(client.get(path).content.decode(), "region-switcher")
    assert f'<span aria-current="page">{current}</span>' in switcher
    assert re.findall(r'href="([^"]+)"', switcher) == links


def test_domain_page_links_the_regions_other_domains_in_the_manuals_order(client):
    other = _nav(client.get("/fr/brussels/health/").content.decode(), "other-domains")
    assert re.findall(r'href="([^"]+)"', other) == [
        f"/fr/brussels/{slug}/"
        for slug in ["employment", "education", "housing", "social-assistance"]
    ]


def test_domain_page_has_breadcrumbs_and_a_title_naming_domain_and_region(client):
    content = client.get("/fr/brussels/health/").content.decode()
    title = re.search(r"<title>(.*?)</title>", content).group(1)
    assert "Soins de santé" in title and "Bruxelles" in title
    breadcrumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', content, re.S).group(0)
    assert 'href="/fr/"' in breadcrumbs and 'href="/fr/brussels/"' in breadcrumbs
    assert '<span aria-current="page">Soins de santé</span>' in breadcrumbs


def test_domain_page_shows_context_challenges_practices_and_recommendation(client):
    content = client.get("/fr/flanders/education/").content.decode()
    for anchor in ["context", "challenges", "practices", "recommendation", "in-region"]:
        assert f'id="{anchor}"' in content
    assert content.count('class="item item-challenge"') == 4
    assert content.count('class="item item-practice"') == 4
    assert "RefugeesWellSchool" in content and 'href="https://refugeeswellschool.org/"' in content


@pytest.mark.parametrize(
    "path",
    [
        "/fr/nowhere/",
        "/fr/brussels/nowhere/",
        "/fr/atlantis/health/",
        "/de/",
        "/de/brussels/health/",
        "/xx/about/",
        "/fr/brussels/health/extra/",
        "/ar/brussels/%00/",
    ],
)
def test_unknown_pages_get_a_404_page_with_links_back(client, path):
    response = client.get(path)
    assert response.status_code == 404
    content = response.content.decode()
    assert html_attrs(content) is not None
    assert 'href="/fr/"' in content or 'href="/ar/"' in content


def test_404_page_speaks_the_language_of_the_url(client):
    content = client.get("/ar/brussels/nowhere/").content.decode()
    assert html_attrs(content) == ("ar", "rtl")
    assert 'href="/ar/"' in content


def test_a_path_without_language_is_redirected_to_its_prefixed_page(client):
    response = client.get("/brussels/health/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/en/brussels/health/"


def test_404_under_an_unknown_language_speaks_the_readers_language(client):
    response = client.get("/de/brussels/health/", HTTP_ACCEPT_LANGUAGE="nl-BE")
    assert response.status_code == 404
    assert html_attrs(response.content.decode()) == ("nl", "ltr")


def test_pages_load_no_favicon_one_stylesheet_and_one_deferred_script(client):
    content = client.get("/fr/brussels/health/").content.decode()
    assert '<link rel="icon" href="data:,">' in content
    assert content.count('rel="stylesheet"') == 1
    assert re.findall(r"<script[^>]*>", content) == ['<script src="/static/js/portal.js" defer>']


def test_service_worker_is_served_from_the_root_and_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert "/static/css/site.css" in response.content.decode()


def test_region_page_offers_its_pages_for_offline_reading(client):
    content = client.get("/es/wallonia/").content.decode()
    assert "data-save-offline=" in content
    assert "/es/wallonia/social-assistance/" in content
