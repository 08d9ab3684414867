"""The benchmark's extra pages (bench/floor_urls.py) answer as bench/run.py expects them to."""

import pytest
from django.test import override_settings

from bench.run import SEARCHES

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("floor_settings"),
]


@pytest.fixture
def floor_settings():
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        yield


def test_the_reference_page_is_a_plain_page_of_fifty_items_and_about_15_kb(client):
    response = client.get("/floor/reference/")
    assert response.status_code == 200
    assert response.content.count(b"<li id=") == 50
    assert 14_000 < len(response.content) < 16_000


def test_the_domain_page_rendered_from_the_database_is_the_domain_page(client):
    floor = client.get("/floor/brussels/housing/rendered/")
    page = client.get("/fr/brussels/housing/")
    assert floor.status_code == 200
    assert (
        floor.content.count(b'<article class="item')
        == page.content.count(b'<article class="item')
        > 0
    )


def test_the_domain_page_queries_alone_read_every_item(client):
    items = client.get("/fr/brussels/housing/").content.count(b'<article class="item')
    response = client.get("/floor/brussels/housing/")
    assert response.status_code == 200
    assert response.content == f"{items} items\n".encode()


@pytest.mark.parametrize("search", SEARCHES)
def test_every_benchmarked_search_finds_something(client, search):
    response = client.get(search)
    assert response.status_code == 200
    assert b'<li class="result">' in response.content, search
