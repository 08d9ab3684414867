"""Error pages: in the reader's language, never a traceback, 500 and 503 without the database."""

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.utils import translation

from guides import views

from . import wsgi

pytestmark = pytest.mark.django_db


def test_forged_host_gets_a_400_page():
    response = Client(raise_request_exception=False).get("/nl/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    content = response.content.decode()
    assert '<html lang="nl" dir="ltr">' in content and "Traceback" not in content


def test_csrf_failure_gets_a_translated_403_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 403
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


@pytest.mark.parametrize("language", ["fr", "nl", "en", "ar", "ro", "es"])
def test_500_and_503_pages_render_without_the_database(django_assert_num_queries, language):
    request = RequestFactory().get(f"/{language}/")
    with translation.override(language), django_assert_num_queries(0):
        try:
            raise ValueError("boom")
        except ValueError:
            error = views.server_error(request)
        try:
            raise OperationalError("could not connect to server")
        except OperationalError:
            unavailable = views.server_error(request)
    assert error.status_code == 500 and unavailable.status_code == 503
    assert unavailable["Retry-After"] == "30"
    for response in (error, unavailable):
        content = response.content.decode()
        assert f'<html lang="{language}"' in content and "boom" not in content


def test_healthz_reports_health_without_details(client):
    # A balancer probes with its own Host header, over plain HTTP.
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_head_answers_carry_headers_and_no_body(keep_the_test_transaction_open):
    """Through the WSGI handler, as a server sees it (the test client drops bodies itself)."""
    from django.core.handlers.wsgi import WSGIHandler

    def call(method):
        return wsgi.call(WSGIHandler(), "/fr/brussels/housing/", method)

    get_status, get_headers, get_body = call("GET")
    head_status, head_headers, head_body = call("HEAD")
    assert get_status == head_status == "200 OK"
    assert len(get_body) > 1000 and head_body == b""
    assert head_headers["Content-Length"] == str(len(get_body))
    assert head_headers["ETag"] == get_headers["ETag"]
