"""Text not yet translated is shown in French, marked as French, with a notice."""

import pytest

from guides.models import Item

pytestmark = pytest.mark.django_db

NOTICE_CLASS = 'class="notice"'


def test_an_item_in_french_only_falls_back_with_a_notice_until_translated(client):
    item = Item.objects.create(
        domain_id=Item.objects.get(domain__slug="housing", slug="volunteer-work").domain_id,
        slug="new-practice",
        kind=Item.Kind.PRACTICE,
        title_fr="Une nouvelle pratique",
        text_fr="Texte ajouté par les éditeurs.",
        order=99,
        status=Item.Status.PUBLISHED,
    )
    content = client.get("/en/brussels/housing/").content.decode()
    assert NOTICE_CLASS in content
    assert '<h3 lang="fr">Une nouvelle pratique</h3>' in content
    assert '<p lang="fr">Texte ajouté par les éditeurs.</p>' in content

    item.title_en = "A new practice"
    item.text_en = "Text added by the editors."
    item.save()
    content = client.get("/en/brussels/housing/").content.decode()
    assert NOTICE_CLASS not in content
    assert "<h3>A new practice</h3>" in content


def test_the_french_page_never_shows_the_notice(client):
    Item.objects.filter(slug="volunteer-work").update(title_en="")
    assert NOTICE_CLASS not in client.get("/fr/brussels/housing/").content.decode()
    assert NOTICE_CLASS in client.get("/en/brussels/housing/").content.decode()
