import functools
import ipaddress

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import render

from .pagecache import share_with_readers

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "battery",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "xr-spatial-tracking",
    ]
)


class HeadWithoutBodyMiddleware:
    """A HEAD answer has the headers of the GET answer and no body. Django leaves removing
    the body to the server, and gunicorn sends it; link checkers and monitors on slow links
    need not download pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming:
            response.content = b""  # Content-Length stays that of the page
        return response


class ClientAddressMiddleware:
    """Behind the portal's nginx, every request comes from nginx's address. With
    TRUST_X_REAL_IP, the reader's own address is taken from X-Real-IP, which nginx sets
    itself (overwriting whatever a client sent), so that rate limits and sign-in lockouts
    apply to each reader rather than to everyone at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.TRUST_X_REAL_IP:
            address = request.META.get("HTTP_X_REAL_IP", "").strip()
            try:
                ipaddress.ip_address(address)
            except ValueError:
                pass
            else:
                request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself, on every response (static files included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


# The API's query parameters; answers with other parameters are not kept by the page cache.
API_PARAMS = ("lang", "domain", "region", "kind")


class OpenDataMiddleware:
    """Any site may read the open data API (GET only), and a CDN may keep its answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/") and request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Cross-Origin-Resource-Policy"] = "cross-origin"
            share_with_readers(request, response, params=API_PARAMS)
        return response


class MethodNotAllowedPageMiddleware:
    """Django's 405 answers are empty; readers get a page in their language instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not response.content
            and not request.path.startswith("/api/")
        ):
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response


# Set by django-csp's view decorators: a response with one of them has a policy of its own.
CSP_RESPONSE_ATTRIBUTES = tuple(
    f"_csp_{name}{suffix}"
    for name in ("exempt", "config", "update", "replace")
    for suffix in ("", "_ro")
)


@functools.cache
def site_policy():
    """The Content-Security-Policy header of CONTENT_SECURITY_POLICY, as django-csp builds it;
    None when django-csp has more to weigh (a report-only policy, excluded addresses)."""
    report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    if report_only or policy.get("EXCLUDE_URL_PREFIXES"):
        return None
    return build_policy()


@receiver(setting_changed)
def _forget_site_policy(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the site's policy built once. No page uses a nonce or a
    policy of its own, so the header is the same on every response, and django-csp would
    build it again for each one (about 50 µs, as much as the rest of the middleware). A
    response with a nonce or a decorator's policy is left to django-csp."""

    def process_response(self, request, response):
        policy = site_policy()
        if (
            policy is None
            or settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in CSP_RESPONSE_ATTRIBUTES)
        ):
            return super().process_response(request, response)
        if policy:
            response.headers.setdefault(HEADER, policy)
        # As django-csp does: a nonce asked for once the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
