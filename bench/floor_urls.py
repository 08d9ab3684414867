"""The portal's addresses, plus one for the benchmark: a domain page's queries without its
templates, read from the database for every request (not from the content a worker keeps in
memory). Measured beside the rendered page, it shows what the queries alone would cost."""

from django.http import HttpResponse
from django.urls import path

from guides import published, selectors
from portal.urls import urlpatterns as portal_urlpatterns


def domain_queries_only(request, region, domain):
    page = selectors.domain_page(published.Published(), region_slug=region, domain_slug=domain)
    # Read every item's texts, as rendering would, so that nothing loaded is left unused.
    texts = [block.item.text for block in page.blocks if block.item is not None]
    return HttpResponse(f"{len(texts)} items\n", content_type="text/plain")


urlpatterns = [
    *portal_urlpatterns,
    path("floor/<slug:region>/<slug:domain>/", domain_queries_only),
]
