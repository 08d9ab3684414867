from .languages import language_links


def languages(request):
    """The current page in every language, for the switcher and hreflang links."""
    return {"language_links": language_links(request)}
