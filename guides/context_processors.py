from .languages import language_links, x_default_url


def languages(request):
    """The current page in every language, for the switcher, canonical and hreflang links."""
    links = language_links(request)
    return {
        "language_links": links,
        "canonical_url": next((link["absolute_url"] for link in links if link["is_current"]), ""),
        "x_default_url": x_default_url(links),
    }
