"""Search in every language, on SQLite and PostgreSQL alike."""

import re

import pytest
from django.db import connection
from django.utils import translation

from guides.models import Domain, Item, SearchDocument, SearchMiss
from guides.search import normalize, search

pytestmark = pytest.mark.django_db


def titles(results):
    return [result.document.title for result in results]


def test_every_domain_and_item_is_indexed_in_every_language():
    expected = (5 + Item.objects.count()) * 6
    assert SearchDocument.objects.count() == expected
    if connection.vendor == "postgresql":
        assert not SearchDocument.objects.filter(vector__isnull=True).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's text search")
def test_each_language_has_an_index_of_its_own_vectors_without_a_pending_list():
    """Searches are in one language; an index of all languages' vectors was passed over for
    reading every document of the language (guides/migrations/0008). New entries go straight
    into the index: a pending list would be read on every search (guides/migrations/0010)."""
    from django.conf import settings

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'guides_searchdocument'")
        definitions = [row[0] for row in cursor.fetchall()]
    for code, _name in settings.LANGUAGES:
        predicate = (
            f"USING gin (vector) WITH (fastupdate=off) WHERE ((language)::text = '{code}'::text)"
        )
        assert any(definition.endswith(predicate) for definition in definitions), code


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's text search")
def test_pages_of_ranked_results_agree_with_their_count():
    from guides import synthetic
    from guides.search import matching_documents

    synthetic.generate(scale=5)
    documents = matching_documents("logement", language="fr")
    every = documents[0:None]
    assert len(every) > 10
    assert documents.count() == every[0].matches == len(every)
    pages = documents[0:5] + documents[5:10]
    assert [doc.pk for doc in pages] == [doc.pk for doc in every[:10]]
    with pytest.raises(ValueError):
        documents[-1:]


def test_french_plural_finds_the_singular():
    assert "Discrimination sur le marché du travail" in titles(
        search("discriminations", language="fr")
    )


def test_accents_do_not_matter():
    with_accent = titles(search("éducation", language="fr"))
    without = titles(search("education", language="fr"))
    assert with_accent and with_accent == without


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("المَدْرَسَة", "المدرسه"),  # tashkeel dropped, taa marbuta folded
        ("المـــدرسة", "المدرسه"),  # tatweel dropped
        ("أطفال إلى آخر", "اطفال الي اخر"),  # alef with hamza or madda, alef maksura
        ("مؤسسة", "موسسه"),
        ("Éducation", "education"),
        ("migrant.e.s", "migrant e s"),
    ],
)
def test_normalisation(written, folded):
    assert normalize(written) == folded


@pytest.mark.parametrize("query", ["المدرسة", "المَدْرَسَة", "المـدرسة"])
def test_arabic_search_ignores_short_vowels_and_tatweel(query):
    results = search(query, language="ar")
    assert results
    assert titles(results) == titles(search("المدرسة", language="ar"))


def test_dutch_search_uses_the_dutch_text():
    assert any("OCMW" in r.document.body for r in search("OCMW", language="nl"))


def test_filters_narrow_by_domain_and_region():
    everywhere = search("OKAN", language="fr")
    assert {r.document.anchor for r in everywhere} >= {"okan"}
    in_wallonia = search("OKAN", language="fr", region=_region("wallonia"))
    assert "okan" not in {r.document.anchor for r in in_wallonia}
    housing = search("logement", language="fr", domain=_domain("housing"))
    assert {r.document.domain.slug for r in housing} == {"housing"}


def test_matched_words_are_highlighted_and_the_rest_escaped():
    result = search("mentorat", language="fr")[0]
    assert "<mark>mentorat</mark>" in result.excerpt
    assert "<script" not in result.excerpt


def test_content_changes_reach_the_index_at_once():
    item = Item.objects.get(domain__slug="housing", slug="volunteer-work")
    item.text_fr = "Un jardin partagé aide les voisins."
    item.save()
    assert "Travail bénévole" in titles(search("jardin", language="fr"))


def _twins(word):
    """One published practice in housing and one in health, with the same text."""
    return [
        Item.objects.create(
            domain=Domain.objects.get(slug=slug),
            slug=f"twin-{slug}",
            kind=Item.Kind.PRACTICE,
            status=Item.Status.PUBLISHED,
            title_fr=word,
            text_fr=f"{word} {word}.",
            order=99,
        )
        for slug in ["housing", "health"]
    ]


def test_a_draft_is_found_once_published_and_no_longer_once_withdrawn():
    practice, _other = _twins("Quokka")
    practice.status = Item.Status.DRAFT
    practice.save()
    assert [r.document.anchor for r in search("quokka", language="fr")] == ["twin-health"]
    practice.status = Item.Status.PUBLISHED
    practice.save()
    assert len(search("quokka", language="fr")) == 2


def test_equal_matches_follow_the_manuals_order_also_after_domains_are_reordered():
    housing, health = (item.domain for item in _twins("Quokka"))

    def domains_found():
        return [r.document.domain.slug for r in search("quokka", language="fr")]

    assert domains_found() == ["health", "housing"]  # as in the manual
    housing.order, health.order = health.order, housing.order
    housing.save()
    health.save()
    assert domains_found() == ["housing", "health"]
    with translation.override("fr"):
        assert search("quokka", language="fr")[0].document.kind_label == "Bonne pratique"


def _region(slug):
    from guides.models import Region

    return Region.objects.get(slug=slug)


def _result_links(content):
    return re.findall(r'<h3><a href="([^"]+)"', content)


def _domain(slug):
    from guides.models import Domain

    return Domain.objects.get(slug=slug)


class TestSearchPage:
    def test_results_link_to_the_item_on_its_domain_page(self, client):
        content = client.get(
            "/fr/search/", {"q": "mentorat", "region": "brussels"}
        ).content.decode()
        assert 'href="/fr/brussels/employment/#mentoring"' in content
        assert "<mark>" in content

    def test_without_a_region_national_items_link_to_all_three(self, client):
        content = client.get("/en/search/", {"q": "mentoring"}).content.decode()
        for region in ["flanders", "wallonia", "brussels"]:
            assert f'href="/en/{region}/employment/#mentoring"' in content

    def test_no_results_suggests_the_domains_and_is_counted(self, client):
        response = client.get("/es/search/", {"q": "Zyzzyva"})
        assert response.status_code == 200
        content = response.content.decode()
        assert content.count('class="tile"') == 5
        first_seen = SearchMiss.objects.get(language="es").last_searched
        client.get("/es/search/", {"q": "zyzzyva"})
        miss = SearchMiss.objects.get(language="es")
        assert (miss.query, miss.count) == ("zyzzyva", 2)
        assert miss.last_searched > first_seen  # the editors' list shows recent misses first

    @pytest.mark.parametrize(
        "query",
        [
            "",
            "   ",
            "a",
            "x" * 10_000,
            "<script>alert(1)</script>",
            "' OR 1=1; --",
            "\x00",
            "a\x00b",
            "\ufffd\ufffd",
            "!!! ??? ###",
            "é" * 500,
        ],
    )
    def test_bad_queries_get_a_calm_page(self, client, query):
        response = client.get("/fr/search/", {"q": query, "region": "<x>", "domain": "\x00"})
        assert response.status_code == 200
        content = response.content.decode()
        assert "<script>alert" not in content
        assert 'value="' + "x" * 201 not in content

    def test_non_utf8_query_string(self, client):
        response = client.get("/ar/search/?q=%ff%fe%00&region=%c3%28")
        assert response.status_code == 200

    def test_many_results_come_ten_to_a_page_with_the_total(self, client):
        from guides import synthetic

        synthetic.generate(scale=5)
        total = len(search("logement", language="fr", region=_region("wallonia"), limit=1000))
        assert 10 < total <= 20
        first = client.get("/fr/search/", {"q": "logement", "region": "wallonia"})
        content = first.content.decode()
        assert f"{total} résultats pour" in content
        assert "Page 1 sur 2" in content
        assert content.count('class="result"') == 10
        assert 'rel="next"' in content and 'rel="prev"' not in content
        # The next page keeps the query and the filter.
        assert 'href="?q=logement&amp;region=wallonia&amp;page=2"' in content
        second = client.get(
            "/fr/search/", {"q": "logement", "region": "wallonia", "page": "2"}
        ).content.decode()
        assert '<ol class="results" start="11">' in second
        assert "<title>logement · Page 2 sur 2 · Rechercher" in second
        assert 'rel="prev"' in second
        assert second.count('class="result"') == total - 10
        assert set(_result_links(content)).isdisjoint(_result_links(second))

    @pytest.mark.parametrize(
        "number", ["abc", "0", "-1", "99999", "1e9", "\x00", "2.5", "9" * 30, " 1 "]
    )
    def test_a_page_number_out_of_range_shows_the_nearest_page(self, client, number):
        response = client.get("/fr/search/", {"q": "logement", "page": number})
        assert response.status_code == 200
        assert 'class="result"' in response.content.decode()
        assert not SearchMiss.objects.exists()

    def test_every_page_has_a_search_box(self, client):
        content = client.get("/ro/brussels/health/").content.decode()
        assert 'action="/ro/search/"' in content and 'role="search"' in content


class TestCatalogue:
    def test_lists_every_practice_and_recommendation(self, client):
        content = client.get("/fr/practices/").content.decode()
        assert content.count('class="item catalogue-entry"') == 12 + 5

    def test_filters_combine(self, client):
        content = client.get(
            "/en/practices/", {"domain": "education", "region": "flanders", "kind": "practice"}
        ).content.decode()
        assert content.count('class="item catalogue-entry"') == 4
        assert 'href="/en/flanders/education/#informal-interpreters"' in content

    def test_each_entry_has_a_citation_line(self, client):
        content = client.get("/fr/practices/", {"kind": "recommendation"}).content.decode()
        assert content.count('class="citation"') == 5
        assert "L&#x27;accès des personnes migrantes aux services de base en Belgique" in content

    @pytest.mark.parametrize("language", ["nl", "ar"])
    def test_each_entry_names_its_kind_in_the_readers_language(self, client, language):
        from django.utils.translation import override

        content = client.get(f"/{language}/practices/", {"kind": "recommendation"}).content
        with override(language):
            kind = str(Item.Kind.RECOMMENDATION.label)
        assert kind != "Recommendation"
        assert content.decode().count(f"{kind}.</p>") == 5  # in each citation line

    def test_unknown_filter_values_are_ignored(self, client):
        response = client.get("/fr/practices/", {"domain": "x", "region": "\x00", "kind": "<b>"})
        assert response.status_code == 200
        assert response.content.decode().count('class="item catalogue-entry"') == 17

    def test_many_entries_come_thirty_to_a_page_with_the_total(self, client):
        from guides import synthetic

        synthetic.generate(scale=3)
        # Every practice and recommendation that holds in Brussels, in the manual's order.
        expected = [
            f"{item.domain.slug}-{item.slug}"
            for item in Item.objects.published()
            .filter(kind__in=["practice", "recommendation"])
            .for_region(_region("brussels"))
        ]
        assert 30 < len(expected) <= 60
        first, second = (
            client.get("/fr/practices/", {"region": "brussels", "page": number}).content.decode()
            for number in (1, 2)
        )
        assert _entry_ids(first) == expected[:30]
        assert _entry_ids(second) == expected[30:]
        assert f"{len(expected)} éléments" in first
        assert "Page 1 sur 2" in first and "<title>Page 2 sur 2 · " in second
        assert 'rel="prev"' not in first and 'rel="next"' not in second
        # The next page keeps the filter.
        assert 'href="?region=brussels&amp;page=2"' in first

    @pytest.mark.parametrize("number", ["abc", "0", "-1", "99999", "\x00", "9" * 30])
    def test_a_page_number_out_of_range_shows_the_nearest_page(self, client, number):
        response = client.get("/fr/practices/", {"page": number})
        assert response.status_code == 200
        assert response.content.decode().count('class="item catalogue-entry"') == 17

    def test_one_page_of_entries_has_no_pager(self, client):
        assert 'class="pager"' not in client.get("/fr/practices/").content.decode()


def _entry_ids(content):
    return re.findall(r'<article class="item catalogue-entry" id="([^"]+)">', content)


def test_results_without_a_title_are_named_by_kind_and_domain(client):
    content = client.get("/fr/search/", {"q": "campagnes", "domain": "employment"}).content.decode()
    assert '#recommendation">Recommandation · Emploi</a>' in content
