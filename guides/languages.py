"""The same page in each of the site's languages."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import NoReverseMatch, Resolver404, resolve
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

from .links import url_for


def page_url(match, language):
    """The URL of a resolved page in another language; that language's home if it has none."""
    if match is not None and match.namespace == "guides":
        try:
            return url_for(match.view_name, *match.args, language=language, **match.kwargs)
        except NoReverseMatch:
            pass
    return url_for("guides:home", language=language)


def site_origin(request):
    """`https://host` of the request; empty when the request's Host is not ours (the 400
    page for a forged Host must still render, with bare paths)."""
    try:
        return request.build_absolute_uri("/")[:-1]
    except DisallowedHost:
        return ""


def _resolved(request):
    # The handler has resolved the address already, unless it matched no pattern.
    if request.resolver_match is not None:
        return request.resolver_match
    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


def language_links(request):
    match, origin, current = _resolved(request), site_origin(request), get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        url = page_url(match, code)
        links.append(
            {
                "code": code,
                "name": capfirst(info["name_local"]),
                "dir": "rtl" if info["bidi"] else "ltr",
                "url": url,
                "absolute_url": origin + url,
                "is_current": code == current,
            }
        )
    return links


def x_default_url(links):
    """The page without its language prefix, which redirects by Accept-Language (as Django's
    sitemaps have it)."""
    default = next(link for link in links if link["code"] == settings.LANGUAGE_CODE)
    origin = default["absolute_url"].removesuffix(default["url"])
    return origin + default["url"].replace(f"/{settings.LANGUAGE_CODE}/", "/", 1)
