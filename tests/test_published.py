"""Each worker keeps the published content in memory: pages read it without the database,
and any change to the content is read again at once."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from guides import pagecache, synthetic
from guides.models import Item

from .test_caching import PAGE, housing_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uncached(settings):
    """The page cache off, so that every page is rendered from what the worker holds."""
    settings.PAGE_CACHE = False


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_a_page_past_the_page_cache_reads_the_content_version_once(client, settings, monkeypatch):
    settings.PAGE_CACHE = True
    reads = []
    read_version_file = pagecache._read_version_file
    monkeypatch.setattr(
        pagecache, "_read_version_file", lambda: reads.append(1) or read_version_file()
    )
    assert client.get(PAGE).status_code == 200
    assert len(reads) == 1


def test_an_item_unpublished_leaves_the_page_at_once(client):
    item = housing_item()
    client.get(PAGE)
    item.status = Item.Status.DRAFT
    item.save()
    assert f'id="{item.slug}"' not in client.get(PAGE).content.decode()


def test_loading_the_content_is_read_again(client):
    item = housing_item()
    original = item.title_fr
    item.title_fr = "Titre provisoire"
    item.save()
    assert "Titre provisoire" in client.get(PAGE).content.decode()
    call_command("load_content", verbosity=0)
    page = client.get(PAGE).content.decode()
    assert "Titre provisoire" not in page and original.split()[0] in page


def test_content_read_by_one_page_serves_the_others(client):
    queries_for(client, PAGE)
    # Same domain, other region and language: the items are already in memory.
    assert queries_for(client, "/ar/flanders/housing/") == 0
    assert queries_for(client, "/en/") > 0  # the overview, read once
    assert queries_for(client, "/nl/") == 0


def test_a_worker_keeps_at_most_the_items_it_is_allowed(
    client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        synthetic.generate(scale=3)
    per_domain = Item.objects.published().filter(domain__slug="housing").count()
    settings.ITEMS_IN_MEMORY = per_domain + 1  # room for one domain's items, not two
    queries_for(client, PAGE)
    assert queries_for(client, PAGE) == 0
    queries_for(client, "/fr/brussels/health/")  # read, and housing's items dropped
    assert queries_for(client, "/fr/brussels/health/") == 0
    assert queries_for(client, PAGE) == 1  # housing's items, again (their regions are kept)


def test_staff_see_the_database_even_when_a_change_bypassed_the_signals(staff_client):
    reader = Client()
    item = housing_item()
    reader.get(PAGE)
    Item.objects.filter(pk=item.pk).update(title_fr="Changé sans signal")
    assert "Changé sans signal" not in reader.get(PAGE).content.decode()
    assert "Changé sans signal" in staff_client.get(PAGE).content.decode()


def test_the_content_can_be_read_from_the_database_for_every_page(client, settings):
    settings.CONTENT_IN_MEMORY = False
    client.get(PAGE)
    assert queries_for(client, PAGE) == 4
