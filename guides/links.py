"""Addresses of the portal's pages, each worked out once per process.

Django's reverse() walks the URL patterns every time (about 25 µs here), and a page links to
some forty addresses, the same ones on every request. Which address a name and its arguments
give depends only on the URLconf, the script prefix and the language (the /fr/ prefix: the
active one, or the one asked for, as the language links do); the first two do not change
while a process runs, and are part of the key all the same, so that a test overriding the
URLconf or a deployment under a sub-path still gets its own.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, override


def url_for(viewname, *args, language=None, **kwargs):
    """reverse(viewname, args=args, kwargs=kwargs), remembered, in `language` (by default
    the active one); raises NoReverseMatch as reverse() does."""
    key = (get_urlconf(), get_script_prefix(), language or get_language(), viewname, args)
    return _reversed(*key, tuple(sorted(kwargs.items())) if kwargs else ())


# Most arguments are slugs of the content; the few a reader's address brings (the language
# links of a 404 page) only push older addresses out.
@functools.lru_cache(maxsize=8192)
def _reversed(urlconf, _script_prefix, language, viewname, args, kwargs):
    with override(language):
        return reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs) or None)


@receiver(setting_changed)
def _forget_on_urlconf_change(*, setting, **kwargs):
    # Tests swap ROOT_URLCONF with override_settings, which Django answers by clearing its
    # own URL caches; this one follows.
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
