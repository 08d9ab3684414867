"""A domain page in two languages, side by side, for a provider and a client reading together."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_two_languages_each_with_its_own_lang_and_dir(client):
    content = client.get("/fr/brussels/health/", {"also": "ar"}).content.decode()
    french = re.findall(r'<div class="side" lang="fr" dir="ltr">', content)
    arabic = re.findall(r'<div class="side side-also" lang="ar" dir="rtl">', content)
    assert len(french) == len(arabic) > 5
    assert "Barrières linguistiques" in content and "الحواجز اللغوية" in content
    assert "Principaux défis" in content and "التحديات الرئيسية" in content


def test_paragraphs_alternate_in_pairs_and_anchors_stay_unique(client):
    content = client.get("/en/flanders/education/", {"also": "nl"}).content.decode()
    pairs = re.findall(r'<div class="pair pair-[a-z-]+">\s*<div class="side"', content)
    assert len(pairs) == content.count('class="side side-also"')
    ids = re.findall(r'\sid="([^"]+)"', content)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("also", ["", "fr", "xx", "<script>", "\x00", "ar" * 500])
def test_without_a_valid_second_language_the_page_is_shown_once(client, also):
    response = client.get("/fr/brussels/health/", {"also": also})
    assert response.status_code == 200
    assert 'class="side side-also"' not in response.content.decode()


def test_the_page_offers_the_other_languages(client):
    content = client.get("/ro/wallonia/housing/").content.decode()
    assert '<select id="also" name="also">' in content
    assert '<option value="ar" lang="ar">العربيّة</option>' in content
    assert '<option value="ro"' not in content
