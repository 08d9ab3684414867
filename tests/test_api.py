"""The open data API: content in any language, conditional requests, CORS, and its schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from portal.wsgi import application

# The schema tests call the WSGI application directly.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_the_test_transaction_open")]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_own_schema(case):
    """Generated requests never get a server error and every answer matches the schema."""
    # The in-process WSGI client does not decompress; ask for plain bodies.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})


def test_regions_in_arabic(client):
    data = client.get("/api/v1/regions", {"lang": "ar"}).json()
    assert [region["slug"] for region in data] == ["flanders", "wallonia", "brussels"]
    assert data[2]["name"] == "بروكسل"


def test_a_domain_for_one_region_holds_only_what_applies_there(client):
    data = client.get("/api/v1/domains/education", {"region": "wallonia", "lang": "en"}).json()
    slugs = {item["slug"] for item in data["items"]}
    assert "daspa" in slugs and "okan" not in slugs
    assert len(data["context"]) == 3


def test_items_filter_by_kind(client):
    data = client.get("/api/v1/items", {"kind": "recommendation"}).json()
    assert len(data) == 5 and {item["kind"] for item in data} == {"recommendation"}


def test_unknown_things_are_client_errors(client):
    assert client.get("/api/v1/domains/nowhere").status_code == 404
    assert client.get("/api/v1/items", {"lang": "de"}).status_code == 422


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/items?domain=%00",
        "/api/v1/items?domain=housing%00",
        "/api/v1/domains/hous%00ing",
        "/api/v1/items/housing/%00",
        "/api/v1/items/%00/mentoring",
    ],
)
def test_a_malformed_slug_is_a_client_error(client, path):
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_etag_and_304(client):
    response = client.get("/api/v1/domains")
    etag = response["ETag"]
    again = client.get("/api/v1/domains", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_cors_is_open_for_reading(client):
    response = client.get("/api/v1/regions", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/fr/")


def test_the_schema_describes_every_endpoint(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths) == {
        "/api/v1/regions",
        "/api/v1/domains",
        "/api/v1/domains/{slug}",
        "/api/v1/items",
        "/api/v1/items/{domain}/{slug}",
    }
