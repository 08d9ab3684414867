"""Whole pages kept in Django's cache for readers, who all get the same bytes.

Readers carry no cookie and public pages hold no per-reader token (no CSRF token, no CSP
nonce), so the first reader of /fr/brussels/housing/ renders it and the next ones get it
from the cache: local memory on one server, Redis shared by every app server. Staff, who
carry a session cookie, always get a fresh page.

Every stored page carries the content version it was rendered from, a token that any change
to content replaces (again after its transaction commits). A page of an older version is
never served, so a change is visible at once wherever the token is read: with a shared cache
(Redis) the token lives in it, for every app server; with local memory, which each worker
process keeps for itself, it lives in a small file that the workers of this machine share.
"""

import functools
import hashlib
import logging
import os
import re
import secrets
import tempfile
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

CONTENT_VERSION_KEY = "content-version"
# What freeze() stores; a release that changes it must not read its predecessor's pages.
STORED_LAYOUT = 2
GZIP = re.compile(r"\bgzip\b")
log = logging.getLogger(__name__)


def _cache_is_shared():
    """Local memory belongs to one worker process; any other backend is shared."""
    return not isinstance(caches["default"], LocMemCache)


def _version_file():
    if settings.CONTENT_VERSION_FILE:
        return Path(settings.CONTENT_VERSION_FILE)
    database = settings.DATABASES["default"]
    return _site_version_file(
        f"{database['NAME']}|{database.get('HOST', '')}|{database.get('PORT', '')}"
    )


# Worked out once per site (a page from the cache reads the version file); the settings are
# read each time, since tests change them.
@functools.lru_cache(maxsize=16)
def _site_version_file(site):
    digest = hashlib.sha256(site.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"portal-content-version-{digest}"


def _write_version_file():
    path = _version_file()
    token = secrets.token_hex(8)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_text(token)
    os.replace(partial, path)  # readers see the old token or the new one, never half
    return token


def _read_version_file():
    try:
        return _version_file().read_text() or _write_version_file()
    except FileNotFoundError:
        return _write_version_file()


def content_version():
    if not _cache_is_shared():
        return _read_version_file()
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


def bump_content_version():
    """Retire every cached page: called when content changes."""
    if _cache_is_shared():
        cache.set(CONTENT_VERSION_KEY, secrets.token_hex(8), timeout=None)
    else:
        _write_version_file()


def share_with_readers(request, response, params=(), store=True):
    """Mark a 200 answer as the same for every reader: a CDN and the browser may keep it for
    PAGE_MAX_AGE seconds, and the page cache keeps it (unless `store` is false) when the
    query string holds nothing but `params`, so that made-up parameters cannot fill it."""
    if response.status_code != 200 or "private" in response.get("Cache-Control", ""):
        return response
    patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE)
    response.shared_with_readers = store and set(request.GET) <= set(params)
    return response


def public_page(view=None, *, params=(), store=True):
    """View decorator for pages that are the same for every reader; see share_with_readers."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            return share_with_readers(request, response, params, store)

        return wrapper

    return decorator(view) if view is not None else decorator


class PageCacheMiddleware:
    """Answers readers from the cache; stores what views marked with public_page.

    It sits above GZip and the ETag middleware, so a hit skips the rest of the stack and
    still answers conditional requests with 304. One cache round trip fetches both the
    content version and the page; a page stored under an older version is ignored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key_for(request) if self.applies_to(request) else None
        if key is None:
            return self.render(request)
        try:
            version, stored = self.lookup(key)
        except Exception:  # a cache outage costs speed, never the page
            log.warning("page cache unavailable", exc_info=True)
            return self.render(request)
        # Rendering reads content of this version too (guides/published.py), without asking
        # the cache again.
        request.content_version = version
        if stored is not None and stored[0] == version:
            response = self.thaw(stored)
            return get_conditional_response(request, etag=response.get("ETag"), response=response)
        response = self.render(request)
        if self.can_store(response):
            try:
                cache.set(key, self.freeze(version, response), settings.PAGE_CACHE_SECONDS)
            except Exception:
                log.warning("page cache unavailable", exc_info=True)
        return response

    @staticmethod
    def lookup(key):
        """(content version, stored page or None), in one round trip to a shared cache."""
        if not _cache_is_shared():
            return _read_version_file(), cache.get(key)
        found = cache.get_many([CONTENT_VERSION_KEY, key])
        return found.get(CONTENT_VERSION_KEY) or content_version(), found.get(key)

    @staticmethod
    def applies_to(request):
        return (
            settings.PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def key_for(request):
        # Responses are stored as sent: compressed for clients that take gzip. Pages hold
        # absolute addresses (canonical, alternates, QR codes): the host and scheme count.
        # An unknown Host is left to the rest of the stack, which answers 400 in the reader's
        # language.
        try:
            url = request.build_absolute_uri()
        except DisallowedHost:
            return None
        encoding = "gzip" if GZIP.search(request.headers.get("Accept-Encoding", "")) else "identity"
        return f"page:{STORED_LAYOUT}:{encoding}:{hashlib.sha256(url.encode()).hexdigest()}"

    def render(self, request):
        response = self.get_response(request)
        if hasattr(response, "shared_with_readers"):
            self.drop_accept_language(response)
        return response

    @staticmethod
    def drop_accept_language(response):
        """Pages shared with readers take their language from the address (/fr/…, ?lang=):
        the Vary: Accept-Language that Django adds outside /<lang>/ would only split the
        copies a CDN keeps."""
        vary = [value.strip() for value in response.get("Vary", "").split(",") if value.strip()]
        if "Accept-Language" in vary:
            vary.remove("Accept-Language")
            if vary:
                response["Vary"] = ", ".join(vary)
            else:
                del response["Vary"]

    @staticmethod
    def can_store(response):
        return (
            getattr(response, "shared_with_readers", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "Cookie" not in response.get("Vary", "")
            and "private" not in response.get("Cache-Control", "")
            and "nonce-" not in response.get("Content-Security-Policy", "")
        )

    @staticmethod
    def freeze(version, response):
        # The version read before rendering: if content changed meanwhile, this page is
        # already out of date and will not be served. The headers are kept as Django's own
        # mapping, each one already checked, rather than set and checked again on every hit.
        return (version, response.status_code, response.headers, response.content)

    @staticmethod
    def thaw(stored):
        _version, status, headers, content = stored
        response = HttpResponse(content, status=status)
        response.headers = headers
        return response
