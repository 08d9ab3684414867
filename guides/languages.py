"""The same page in each of the site's languages."""

import functools

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import NoReverseMatch, Resolver404, resolve
from django.utils.autoreload import file_changed
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


def links_html(template_name, links, selected=""):
    """`template_name` rendered with `links` (language links as language_links() makes them)
    and `selected` (a language code, or empty) and nothing else. A page's links are the same
    on every request for its address, so each set is rendered once per process: loops over
    the six languages were a tenth of a rendered domain page."""
    return _rendered(template_name, tuple(tuple(link.items()) for link in links), selected)


# One entry per template, address, language and second language chosen, per host: some
# 1,500 for the whole site. Made-up addresses (a 404 page's links) only push older entries
# out.
@functools.lru_cache(maxsize=2048)
def _rendered(template_name, links, selected):
    links = [dict(link) for link in links]
    return get_template(template_name).render({"links": links, "selected": selected})


@receiver(setting_changed)
def _forget_on_templates_change(*, setting, **kwargs):
    if setting == "TEMPLATES":
        _rendered.cache_clear()


@receiver(file_changed)
def _forget_on_template_edit(*, file_path, **kwargs):
    # runserver reloads an edited template without restarting; so does this.
    if file_path.suffix != ".py":
        _rendered.cache_clear()
