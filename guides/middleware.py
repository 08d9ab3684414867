import ipaddress

from django.conf import settings
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
