"""Nothing a client sends produces a server error (Hypothesis, 2,000 generated requests)."""

from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "nl", "en", "ar", "ro", "es"]
ANSWERS = {200, 301, 302, 304, 400, 403, 404, 405, 413, 422, 429}
nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "\x00",
            "%00",
            "%ff%fe",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "😀",
            "ـــ",
            "\u202e",
            "x" * 10_000,
            "é" * 3000,
        ]
    ),
)
segment = st.one_of(
    st.sampled_from(
        [
            "",
            "flanders",
            "wallonia",
            "brussels",
            "health",
            "social-assistance",
            "search",
            "practices",
            "handout",
            "feedback",
            "region",
            "about",
            "api",
            "v1",
            "items",
            "admin",
            "static",
            "export",
            "sw.js",
        ]
    ),
    nasty_text.map(lambda text: quote(text, safe="")),
    st.just("%c3%28"),  # invalid UTF-8 left percent-encoded
)
paths = st.tuples(
    st.one_of(st.sampled_from(LANGUAGES), segment),
    st.lists(segment, max_size=4),
).map(lambda parts: "/" + "/".join([parts[0], *parts[1]]) + "/")
queries = st.dictionaries(
    st.sampled_from(
        [
            "q",
            "also",
            "region",
            "domain",
            "kind",
            "page",
            "postcode",
            "item",
            "lang",
            "useful",
            "comment",
        ]
    ),
    nasty_text,
    max_size=4,
)
methods = st.sampled_from(
    ["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"]
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "HTTP_ACCEPT_LANGUAGE": nasty_text,
        "HTTP_HOST": st.sampled_from(
            ["testserver", "evil.example", "", "testserver:99999", "[::1", "a" * 300]
        ),
        "HTTP_COOKIE": st.sampled_from(["sessionid=garbage", "csrftoken=\x00", "a=b; ; ;"]),
        "HTTP_IF_NONE_MATCH": nasty_text,
        "CONTENT_TYPE": st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "multipart/form-data; boundary=x",
                "application/json",
                "text/plain; charset=nonsense",
            ]
        ),
    },
)
bodies = st.binary(max_size=2000)


# 2,000 cases on PostgreSQL (the production database); fewer on SQLite to keep runs short.
@settings(
    max_examples=2000 if connection.vendor == "postgresql" else 300,
    print_blob=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(path=paths, query=queries, method=methods, extra=headers, body=bodies)
def test_no_input_gives_a_server_error(path, query, method, extra, body):
    client = Client(raise_request_exception=False)
    url = path + ("?" + urlencode(query) if query else "")
    content_type = extra.pop("CONTENT_TYPE", "application/x-www-form-urlencoded")
    response = client.generic(
        method, url, data=body if method != "GET" else b"", content_type=content_type, **extra
    )
    assert response.status_code in ANSWERS, (method, url, response.status_code)
    is_page = response.get("Content-Type", "").startswith("text/html") and method != "HEAD"
    if response.status_code >= 400 and is_page:
        assert b"<html lang=" in response.content, (method, url, response.status_code)


def test_a_body_over_the_upload_limit_is_refused_calmly():
    client = Client(raise_request_exception=False)
    body = b"useful=yes&comment=" + b"a" * 3_000_000
    response = client.post(
        "/fr/brussels/health/feedback/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert b'<html lang="fr"' in response.content
