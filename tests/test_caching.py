"""Readers' pages come from the cache; any change to content shows at once; staff and forms
are never served from it; browsers and CDNs get the right headers."""

import gzip

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import Client, override_settings

from guides.models import Item, Region
from guides.pagecache import CONTENT_VERSION_KEY, content_version

pytestmark = pytest.mark.django_db

PAGE = "/fr/brussels/housing/"


def housing_item():
    return Item.objects.filter(domain__slug="housing", regions=None).order_by("order").first()


def test_a_second_reader_gets_the_same_page_without_touching_the_database(
    client, django_assert_num_queries
):
    first = client.get(PAGE)
    with django_assert_num_queries(0):
        second = client.get(PAGE)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


@pytest.mark.parametrize("page_cache", [True, False])
def test_an_editors_change_is_visible_at_once(client, settings, page_cache):
    """With the page cache off, what the worker keeps of the content alone is tried."""
    settings.PAGE_CACHE = page_cache
    item = housing_item()
    client.get(PAGE)
    item.title_fr = "Un titre corrigé par les éditeurs"
    item.save()
    assert "Un titre corrigé par les éditeurs" in client.get(PAGE).content.decode()


def test_a_change_made_in_the_admin_is_visible_at_once(client, staff_client):
    reader = Client()
    item = housing_item()
    reader.get(PAGE)
    form = staff_client.get(f"/admin/guides/item/{item.pk}/change/").context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["regions"] = [region.pk for region in item.regions.all()]
    data["title_fr"] = "Titre revu dans l'administration"
    response = staff_client.post(f"/admin/guides/item/{item.pk}/change/", data)
    assert response.status_code == 302
    assert "Titre revu dans l&#x27;administration" in reader.get(PAGE).content.decode()


def test_deleting_an_item_removes_it_from_the_cached_page(client):
    item = housing_item()
    assert item.title_fr.split()[0] in client.get(PAGE).content.decode()
    anchor = f'id="{item.slug}"'
    assert anchor in client.get(PAGE).content.decode()
    item.delete()
    assert anchor not in client.get(PAGE).content.decode()


def test_moving_an_item_to_another_region_changes_the_cached_pages(client):
    item = housing_item()
    anchor = f'id="{item.slug}"'
    assert anchor in client.get("/fr/flanders/housing/").content.decode()
    item.regions.set([Region.objects.get(slug="brussels")])
    assert anchor not in client.get("/fr/flanders/housing/").content.decode()


def test_loading_the_content_retires_every_cached_page(client):
    client.get(PAGE)
    version = content_version()
    call_command("load_content", verbosity=0)
    assert content_version() != version


def test_staff_never_get_a_cached_page(client, staff_client):
    reader = Client()
    item = housing_item()
    reader.get(PAGE)
    # A change that bypasses the signals leaves the readers' copy in place...
    Item.objects.filter(pk=item.pk).update(title_fr="Vu seulement par le personnel")
    assert "Vu seulement par le personnel" not in reader.get(PAGE).content.decode()
    # ...but staff, who carry a session, always see the database.
    assert "Vu seulement par le personnel" in staff_client.get(PAGE).content.decode()


def test_each_language_and_query_has_its_own_entry(client):
    french = client.get(PAGE).content.decode()
    arabic = client.get("/ar/brussels/housing/").content.decode()
    side_by_side = client.get(PAGE + "?also=ar").content.decode()
    assert 'lang="fr"' in french and 'dir="rtl"' in arabic
    assert 'lang="ar"' in side_by_side and side_by_side != french
    assert client.get(PAGE).content.decode() == french


def rendered(client, path):
    """Whether the page was rendered afresh (a page from the cache renders no template)."""
    response = client.get(path)
    assert response.status_code == 200
    return bool(response.templates)


def test_a_page_from_the_cache_is_sent_with_the_headers_of_the_first(client):
    first = client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip")
    second = client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip")
    assert not second.templates  # from the cache
    per_response = {"X-Request-ID"}
    assert {k: v for k, v in second.items() if k not in per_response} == {
        k: v for k, v in first.items() if k not in per_response
    }
    # Names still match whatever their case, as in any Django response.
    assert second["content-encoding"] == "gzip" and "etag" in second


def test_made_up_query_parameters_are_not_kept(client):
    client.get(PAGE + "?utm_source=leaflet")
    assert rendered(client, PAGE + "?utm_source=leaflet")


def test_compressed_and_plain_copies_are_kept_apart(client):
    compressed = client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip, br")
    plain = client.get(PAGE)
    again_compressed = client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert gzip.decompress(again_compressed.content) == plain.content


@pytest.mark.parametrize("cached", [False, True])
def test_conditional_requests_get_304(client, cached):
    etag = client.get(PAGE)["ETag"]
    if not cached:
        cache.clear()
    response = client.get(PAGE, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_head_requests_are_answered_from_the_cache_too(client, django_assert_num_queries):
    client.get(PAGE)
    with django_assert_num_queries(0):
        response = client.head(PAGE)
    assert response.status_code == 200


def test_a_full_cache_still_serves_pages(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tiny",
            "OPTIONS": {"MAX_ENTRIES": 2},
        }
    }
    for path in ["/fr/", "/nl/", "/en/", "/ar/", PAGE]:
        assert client.get(path).status_code == 200


def test_the_cache_can_be_switched_off(client, settings):
    settings.PAGE_CACHE = False
    client.get(PAGE)
    assert rendered(client, PAGE)


@pytest.mark.parametrize(
    "path",
    ["/fr/", "/ar/about/", "/fr/wallonia/", PAGE, "/fr/practices/?kind=practice", "/sitemap.xml"],
)
def test_public_pages_may_be_kept_by_browsers_and_cdns(client, path):
    response = client.get(path)
    assert response["Cache-Control"] == "public, max-age=300"
    assert response.has_header("ETag")
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_search_may_be_kept_by_a_cdn_but_each_search_runs(client):
    response = client.get("/fr/search/?q=logement")
    assert response["Cache-Control"] == "public, max-age=300"
    assert rendered(client, "/fr/search/?q=logement")  # searched again


@pytest.mark.parametrize("path", ["/sitemap.xml", "/robots.txt", "/export/content.csv"])
def test_shared_answers_outside_a_language_do_not_vary_by_accept_language(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_language_choice_at_the_root_does_vary_by_accept_language(client):
    assert "Accept-Language" in client.get("/")["Vary"]


def test_api_answers_are_public_and_do_not_vary_by_accept_language(client):
    response = client.get("/api/v1/items?lang=ar&kind=practice")
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Accept-Language" not in response.get("Vary", "")
    assert response["Access-Control-Allow-Origin"] == "*"
    etag = response["ETag"]
    assert (
        client.get("/api/v1/items?lang=ar&kind=practice", HTTP_IF_NONE_MATCH=etag).status_code
        == 304
    )


@pytest.mark.parametrize(
    "path",
    [
        "/fr/brussels/housing/feedback/",
        "/fr/brussels/housing/feedback/thanks/",
        "/fr/region/?postcode=1000x",
        "/admin/login/",
    ],
)
def test_forms_and_the_admin_are_never_kept(client, path):
    response = client.get(path)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_errors_are_not_kept(client):
    client.get("/fr/brussels/no-such-domain/")
    response = client.get("/fr/brussels/no-such-domain/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")
    assert response.templates  # rendered again


REDIS = {
    "default": {
        "BACKEND": "guides.cache.PortalRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
    }
}


@override_settings(CACHES=REDIS)
def test_with_redis_a_change_is_seen_by_every_app_server(
    client, django_capture_on_commit_callbacks
):
    """Two app servers share Redis: each keeps nothing of its own, so the version they read
    is the one the editor's server wrote."""
    pytest.importorskip("redis")
    cache.clear()
    client.get(PAGE)
    assert cache.get(CONTENT_VERSION_KEY) is not None
    item = housing_item()
    with django_capture_on_commit_callbacks(execute=True):
        item.title_fr = "Changé sur un autre serveur"
        item.save()
    caches.close_all()  # as if this request came to another process
    assert "Changé sur un autre serveur" in client.get(PAGE).content.decode()
    cache.clear()


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "guides.cache.PortalRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
)
def test_pages_are_served_when_the_cache_is_down(client):
    pytest.importorskip("redis")
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Logement" in response.content.decode()


def test_each_host_has_its_own_copy(client):
    """Pages carry absolute addresses (canonical link, QR codes) of the host asked."""
    on_testserver = client.get(PAGE).content.decode()
    on_localhost = client.get(PAGE, HTTP_HOST="localhost").content.decode()
    assert 'href="http://testserver/fr/brussels/housing/"' in on_testserver
    assert 'href="http://localhost/fr/brussels/housing/"' in on_localhost


def test_an_unknown_host_gets_a_400_not_a_cached_page(client):
    client.get(PAGE)
    response = client.get(PAGE, HTTP_HOST="evil.example")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "spoil",
    [
        lambda response: response.set_cookie("csrftoken", "a-reader-s-own-token"),
        lambda response: response.headers.__setitem__("Vary", "Cookie"),
        lambda response: response.headers.__setitem__(
            "Content-Security-Policy", "script-src 'self' 'nonce-abc123'"
        ),
        lambda response: response.headers.__setitem__("Cache-Control", "private"),
    ],
)
def test_nothing_personal_is_ever_stored(rf, spoil):
    """A page carrying a cookie, a nonce or varying by cookie belongs to one reader."""
    from django.http import HttpResponse

    from guides.pagecache import PageCacheMiddleware, share_with_readers

    request = rf.get(PAGE)

    def view(request):
        response = share_with_readers(request, HttpResponse("<p>page</p>"))
        spoil(response)
        return response

    middleware = PageCacheMiddleware(view)
    middleware(request)
    stored = PageCacheMiddleware.lookup(PageCacheMiddleware.key_for(request))[1]
    assert stored is None
    PageCacheMiddleware(lambda request: share_with_readers(request, HttpResponse("ok")))(request)
    assert PageCacheMiddleware.lookup(PageCacheMiddleware.key_for(request))[1] is not None


def test_vary_is_the_same_with_the_cache_switched_off(client, settings):
    settings.PAGE_CACHE = False
    assert "Accept-Language" not in client.get("/sitemap.xml").get("Vary", "")
