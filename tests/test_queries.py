"""Every page type is read in a fixed number of queries, whatever the amount of content:
the same at the manual's size and at ten times it (synthetic copies of every item).

Published content is read from the database by the first page after a change (and by every
page for signed-in staff), then kept in each worker's memory until the next change.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guides import synthetic
from guides.models import Item, SearchDocument

pytestmark = pytest.mark.django_db

# Page type: (address, queries after a change, queries with the content in memory).
# Rendered without the page cache.
PAGES = {
    "home": ("/fr/", 3, 0),
    # The number of items of each kind, counted by the database.
    "about": ("/ar/about/", 3, 1),
    # The regions' challenges and notes of every domain (their regions kept with the content).
    "region": ("/nl/flanders/", 4, 1),
    "domain": ("/fr/brussels/housing/", 4, 0),
    "domain side by side": ("/fr/wallonia/education/?also=ar", 4, 0),
    "handout": ("/en/flanders/employment/handout/", 5, 0),
    # Practices and recommendations across domains.
    "catalogue": ("/fr/practices/", 5, 1),
    "catalogue filtered": ("/es/practices/?region=brussels&domain=health&kind=practice", 5, 1),
    # One page of results with the number of them.
    "search": ("/fr/search/?q=logement", 4, 1),
    "search in a region": ("/ar/search/?q=سكن&region=wallonia", 4, 1),
    "search, second page": ("/fr/search/?q=migrants&page=2", 4, 1),
    "sitemap": ("/sitemap.xml", 2, 2),
    "API items": ("/api/v1/items?lang=ro", 2, 2),
    "API domain": ("/api/v1/domains/health?lang=ar&region=brussels", 4, 4),
}


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries), response


@pytest.fixture
def uncached(settings):
    settings.PAGE_CACHE = False


@pytest.mark.parametrize("name", PAGES)
def test_each_page_type_takes_the_same_queries_at_ten_times_the_content(
    client, uncached, django_capture_on_commit_callbacks, name
):
    path, after_a_change, in_memory = PAGES[name]
    at_1x, small = count_queries(client, path)
    again_at_1x, _ = count_queries(client, path)
    with django_capture_on_commit_callbacks(execute=True):
        synthetic.generate(scale=10)
    assert Item.objects.count() >= 10 * 43
    at_10x, large = count_queries(client, path)
    again_at_10x, _ = count_queries(client, path)
    assert (at_1x, at_10x) == (after_a_change, after_a_change)
    assert (again_at_1x, again_at_10x) == (in_memory, in_memory)
    # The page really did grow with the content (not a page that ignores it).
    if name not in ("home", "sitemap"):
        assert len(large.content) > len(small.content), name


@pytest.mark.parametrize("name", PAGES)
def test_staff_read_every_page_from_the_database(staff_client, uncached, name):
    path, after_a_change, _ = PAGES[name]
    staff_client.get(path)
    queries, _ = count_queries(staff_client, path)
    assert queries == after_a_change


def test_synthetic_content_goes_only_into_a_scratch_database(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "/srv/portal/db.sqlite3")
    with pytest.raises(CommandError, match="Refusing"):
        call_command("generate_synthetic_content", scale=10)
    assert not Item.objects.filter(slug__startswith=synthetic.SLUG_PREFIX).exists()


def test_synthetic_content_is_marked_in_every_language_and_can_be_removed(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "portal_bench_scratch")
    originals = Item.objects.count()
    call_command("generate_synthetic_content", scale=3, stdout=StringIO())
    copies = Item.objects.filter(slug__startswith=synthetic.SLUG_PREFIX)
    assert copies.count() == 2 * originals
    for code in ("fr", "nl", "en", "ar", "ro", "es"):
        assert not copies.exclude(**{f"title_{code}__startswith": "[Synthetic "}).exists()
    assert SearchDocument.objects.filter(item__in=copies).count() == 6 * copies.count()
    call_command("generate_synthetic_content", remove=True, stdout=StringIO())
    assert Item.objects.count() == originals


def planned_rows(model):
    """How many rows PostgreSQL's planner believes the model's table holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
        )
        return cursor.fetchone()[0]


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's planner statistics"
)


@on_postgresql
def test_generating_synthetic_content_leaves_the_planner_knowing_the_tables(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "portal_bench_scratch")
    call_command("generate_synthetic_content", scale=3, stdout=StringIO())
    assert planned_rows(Item) == Item.objects.count()
    assert planned_rows(SearchDocument) == SearchDocument.objects.count()


@on_postgresql
def test_rebuilding_the_search_index_leaves_the_planner_knowing_it():
    synthetic.generate(scale=2)
    call_command("rebuild_search_index", stdout=StringIO())
    assert planned_rows(SearchDocument) == SearchDocument.objects.count() > 0
