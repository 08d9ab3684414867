"""The links to the same page in the other languages, rendered once per address
(guides.languages.links_html): each page keeps its own, and an edited template shows."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.utils.autoreload import file_changed

from .conftest import LANGUAGES

pytestmark = pytest.mark.django_db

LANGUAGE_NAV = re.compile(r'<nav class="languages"[^>]*>\s*<ul>(.*?)</ul>', re.S)


def language_nav(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return LANGUAGE_NAV.search(response.content.decode()).group(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_address_gets_links_to_itself(client, language):
    """One page after another in the same process: no page shows another's links."""
    for page in ["", "brussels/housing/", "wallonia/education/", "about/", "brussels/housing/"]:
        nav = language_nav(client, f"/{language}/{page}")
        assert re.findall(r'href="([^"]+)"', nav) == [f"/{code}/{page}" for code in LANGUAGES]
        assert re.findall(r'hreflang="(\w+)" dir="\w+" aria-current="true"', nav) == [language]


def test_the_alternates_follow_the_host(client):
    first = client.get("/nl/brussels/", headers={"host": "testserver"}).content.decode()
    other = client.get("/nl/brussels/", headers={"host": "localhost"}).content.decode()
    assert '<link rel="alternate" hreflang="fr" href="http://testserver/fr/brussels/">' in first
    assert '<link rel="alternate" hreflang="fr" href="http://localhost/fr/brussels/">' in other


def test_the_second_language_chosen_is_selected_only_when_chosen(client):
    chosen = client.get("/fr/brussels/health/", {"also": "nl"}).content.decode()
    assert '<option value="nl" lang="nl" selected>Nederlands</option>' in chosen
    plain = client.get("/fr/brussels/health/").content.decode()
    assert '<option value="nl" lang="nl">Nederlands</option>' in plain
    assert " selected>" not in plain


@pytest.fixture
def templates_copy(tmp_path):
    """The site's templates in a folder of the test's own, in use for the test."""
    folder = tmp_path / "templates"
    shutil.copytree(settings.BASE_DIR / "templates", folder)
    engines = [{**settings.TEMPLATES[0], "DIRS": [folder]}]
    with override_settings(TEMPLATES=engines):
        yield folder


def test_a_template_edited_while_the_site_runs_shows_at_once(client, templates_copy):
    assert "Français" in language_nav(client, "/en/")
    nav = templates_copy / "includes" / "language_nav.html"
    nav.write_text(nav.read_text().replace("{{ link.name }}", "[{{ link.code }}]"))
    # What runserver's reloader announces for an edited template (it does not restart).
    file_changed.send(sender=None, file_path=Path(nav))
    cache.clear()  # the page itself, kept whole, until the content changes
    edited = language_nav(client, "/en/")
    assert "[fr]" in edited
    assert "Français" not in edited
