"""`/healthz` for load balancers, answered before host checks and redirects."""

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

# What a lost or refused database connection raises.
DATABASE_DOWN = (OperationalError, InterfaceError)


def health_response():
    """200 when the database and the cache answer, 503 otherwise; no details."""
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_DOWN:
        healthy = False
    try:
        cache.set("healthz", "ok", 5)
        healthy = healthy and cache.get("healthz") == "ok"
    except Exception:  # whatever the cache backend raises, the cache is not healthy
        healthy = False
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable"}, status=200 if healthy else 503
    )
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Probes come with the balancer's own Host header and over plain HTTP: answer them
    first, so that ALLOWED_HOSTS and the HTTPS redirect do not stand in the way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz" and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)
