"""A small fixed-window rate limit in Django's cache (local memory or Redis alike).

The client key is a hash of the address with a secret, kept in the cache for one window
only and never stored with the feedback.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_key(request, scope):
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def allow(request, scope, *, limit, window=60):
    """Count this request; False once the client has made more than `limit` in the window."""
    key = client_key(request, scope)
    if cache.add(key, 1, timeout=window):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the window ended between add() and incr()
        cache.add(key, 1, timeout=window)
        return True
