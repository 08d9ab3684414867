"""The same page in each of the site's languages."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import NoReverseMatch, Resolver404, resolve
from django.utils.translation import get_language, get_language_info, override

from .links import url_for


def page_url(match, language):
    """The URL of a resolved page in another language; that language's home if it has none."""
    with override(language):
        if match is not None and match.namespace == "guides":
            try:
                return url_for(match.view_name, *match.args, **match.kwargs)
            except NoReverseMatch:
                pass
        return url_for("guides:home")


def absolute_url(request, path):
    """The full address of a path; the bare path when the request's Host is not ours (the 400
    page for a forged Host must still render)."""
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return path


def language_links(request):
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        url = page_url(match, code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "bidi": info["bidi"],
                "url": url,
                "absolute_url": absolute_url(request, url),
                "is_current": code == current,
            }
        )
    return links


def x_default_url(request, links):
    """The page without its language prefix, which redirects by Accept-Language (as Django's
    sitemaps have it)."""
    default = next(link["url"] for link in links if link["code"] == settings.LANGUAGE_CODE)
    return absolute_url(request, default.replace(f"/{settings.LANGUAGE_CODE}/", "/", 1))
