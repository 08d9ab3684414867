from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Domain, Region


class PageSitemap(Sitemap):
    """Every public page, in every language, with its alternates."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        regions = list(Region.objects.values_list("slug", flat=True))
        domains = list(Domain.objects.values_list("slug", flat=True))
        pages = [
            ("guides:home", ()),
            ("guides:about", ()),
            ("guides:accessibility", ()),
            ("guides:catalogue", ()),
        ]
        pages += [("guides:region", (region,)) for region in regions]
        pages += [("guides:domain", (region, domain)) for region in regions for domain in domains]
        return pages

    def location(self, item):
        name, args = item
        return reverse(name, args=args)
