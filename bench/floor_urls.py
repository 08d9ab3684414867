"""The portal's addresses, plus one for the benchmark: a domain page's queries without its
templates. Measured beside the rendered page, it shows where a page's time goes: what the
queries cost alone, and so what the templates add."""

from django.http import HttpResponse
from django.urls import path

from guides import selectors
from portal.urls import urlpatterns as portal_urlpatterns


def domain_queries_only(request, region, domain):
    page = selectors.domain_page(region_slug=region, domain_slug=domain)
    # Read every item's texts, as rendering would, so that nothing loaded is left unused.
    texts = [block.item.text for block in page.blocks if block.item is not None]
    return HttpResponse(f"{len(texts)} items\n", content_type="text/plain")


urlpatterns = [
    *portal_urlpatterns,
    path("floor/<slug:region>/<slug:domain>/", domain_queries_only),
]
