"""Headers, cookies, feedback with its guards, and the admin's sign-in lockout."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from guides.models import Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "path", ["/fr/", "/ar/brussels/health/", "/fr/nowhere/", "/en/search/?q=x"]
)
def test_html_responses_carry_the_security_headers(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    for directive in [
        "default-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ]:
        assert directive in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert not response.cookies


def test_pages_have_no_inline_script(client):
    content = client.get("/fr/brussels/health/").content.decode()
    assert "<script>" not in content and " on" + "click=" not in content


def post_feedback(client, language="fr", **data):
    return client.post(f"/{language}/brussels/health/feedback/", data, REMOTE_ADDR="10.0.0.1")


def test_feedback_is_stored_without_anything_about_the_reader(client):
    response = post_feedback(client, "ar", useful="no", comment="النص صعب")
    assert response.status_code == 302
    assert response["Location"] == "/ar/brussels/health/feedback/thanks/"
    feedback = Feedback.objects.get()
    assert (feedback.language, feedback.useful, feedback.comment) == ("ar", False, "النص صعب")
    assert {f.name for f in Feedback._meta.fields} == {
        "id",
        "domain",
        "region",
        "language",
        "useful",
        "comment",
        "created",
        "handled",
    }
    assert not response.cookies


def test_the_domain_page_carries_the_form_without_a_token(client):
    content = client.get("/nl/brussels/health/").content.decode()
    assert 'action="/nl/brussels/health/feedback/"' in content
    assert "csrfmiddlewaretoken" not in content


def test_a_comment_over_1000_characters_is_refused_in_the_readers_language(client):
    response = post_feedback(client, "nl", useful="yes", comment="x" * 1001)
    assert response.status_code == 400
    assert '<html lang="nl" dir="ltr">' in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_refused_answer_keeps_what_the_reader_wrote_and_marks_what_is_missing(client):
    response = post_feedback(client, "fr", comment="Les horaires manquent")
    content = response.content.decode()
    assert response.status_code == 400
    assert ">\nLes horaires manquent</textarea>" in content
    assert content.count('type="radio" name="useful"') == 2
    assert content.count('aria-invalid="true"') == 2
    assert 'role="alert"' in content


def test_an_answer_refused_for_its_comment_keeps_the_choice_made(client):
    response = post_feedback(client, "fr", useful="no", comment="x" * 1001)
    content = response.content.decode()
    assert 'value="no" required id="id_useful_1" checked' in content
    assert 'value="yes" required id="id_useful_0">' in content
    assert 'id="id_comment" cols="40" rows="4" maxlength="1000" aria-invalid="true"' in content


def test_the_honeypot_catches_robots_quietly(client):
    response = post_feedback(client, useful="yes", website="http://spam.example")
    assert response.status_code == 302
    assert not Feedback.objects.exists()


def test_more_than_five_posts_a_minute_get_a_429_page(client):
    statuses = [post_feedback(client, "es", useful="yes").status_code for _ in range(7)]
    assert statuses == [302] * 5 + [429] * 2
    assert Feedback.objects.count() == 5
    response = post_feedback(client, "es", useful="yes")
    assert '<html lang="es" dir="ltr">' in response.content.decode()
    other_reader = client.post(
        "/es/brussels/health/feedback/", {"useful": "yes"}, REMOTE_ADDR="10.0.0.2"
    )
    assert other_reader.status_code == 302


REDIS = {
    "default": {
        "BACKEND": "guides.cache.PortalRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
    }
}


@override_settings(CACHES=REDIS)
def test_the_rate_limit_also_works_with_redis(client):
    pytest.importorskip("redis")
    cache.clear()  # the Redis database of this test, now that the settings point to it
    statuses = [post_feedback(client, useful="no").status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]


def test_feedback_admin_lists_and_marks_handled(staff_client):
    post_feedback(Client(), useful="yes", comment="Merci")
    feedback = Feedback.objects.get()
    response = staff_client.post(
        "/admin/guides/feedback/",
        {"action": "mark_handled", "_selected_action": [feedback.pk]},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.handled


def test_admin_sign_in_locks_after_five_failures_even_with_forged_forwarded_for():
    from django.contrib.auth.models import User

    User.objects.create_superuser("editor", "e@example.org", "the-right-password-1")
    client = Client()
    for attempt in range(5):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="10.0.0.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "the-right-password-1"},
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        HTTP_ACCEPT_LANGUAGE="ro",
    )
    assert response.status_code == 429
    assert '<html lang="ro" dir="ltr">' in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_with_2fa_required_staff_need_their_authenticator_code():
    from django.contrib.auth.models import User
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.create_superuser("editor2", "e2@example.org", "a-strong-password-9")
    client = Client()
    client.post("/admin/login/", {"username": "editor2", "password": "a-strong-password-9"})
    assert client.get("/admin/").status_code == 302  # back to the sign-in page

    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    response = client.post(
        "/admin/login/",
        {
            "username": "editor2",
            "password": "a-strong-password-9",
            "otp_device": device.persistent_id,
            "otp_token": f"{totp(device.bin_key):06d}",
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_without_2fa_required_a_password_is_enough(staff_client):
    assert staff_client.get("/admin/").status_code == 200


def test_behind_nginx_each_reader_has_their_own_rate_limit(client, settings):
    """nginx connects from one address and tells the reader's in X-Real-IP."""
    settings.TRUST_X_REAL_IP = True

    def post_from(address):
        return client.post(
            "/fr/brussels/health/feedback/",
            {"useful": "yes"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP=address,
        ).status_code

    assert [post_from("203.0.113.5") for _ in range(6)] == [302] * 5 + [429]
    assert post_from("203.0.113.6") == 302
    assert post_from("not an address") == 302  # falls back to nginx's own address


def test_x_real_ip_is_ignored_unless_trusted(client):
    statuses = [
        client.post(
            "/fr/brussels/health/feedback/",
            {"useful": "yes"},
            HTTP_X_REAL_IP=f"203.0.113.{n}",
        ).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]


def django_csp_policy(request, response):
    """The header django-csp's own middleware gives this response."""
    from csp.middleware import CSPMiddleware

    del response.headers["Content-Security-Policy"]
    CSPMiddleware(lambda request: response).process_response(request, response)
    return response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/fr/", "/en/search/?q=x", "/api/v1/items", "/admin/login/"])
def test_the_policy_built_once_is_the_one_django_csp_builds(client, path):
    response = client.get(path)
    assert response["Content-Security-Policy"] == django_csp_policy(response.wsgi_request, response)


def test_a_changed_policy_is_sent_at_once(client):
    client.get("/fr/")
    policy = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "data:"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        header = client.get("/fr/about/")["Content-Security-Policy"]
    assert set(header.split("; ")) == {"default-src 'self'", "img-src 'self' data:"}
    # (Another page: the page cache keeps the headers a page was first sent with.)
    assert "default-src 'none'" in client.get("/nl/about/")["Content-Security-Policy"]


def test_a_view_may_still_extend_the_policy(rf):
    from csp.decorators import csp_update
    from django.http import HttpResponse

    from guides.middleware import ContentSecurityPolicyMiddleware

    view = csp_update({"img-src": ["https://maps.example"]})(lambda request: HttpResponse())
    request = rf.get("/")
    middleware = ContentSecurityPolicyMiddleware(view)
    middleware.process_request(request)
    response = middleware.process_response(request, view(request))
    img_src = next(
        d for d in response["Content-Security-Policy"].split("; ") if d.startswith("img-src")
    )
    assert img_src == "img-src 'self' data: https://maps.example"
