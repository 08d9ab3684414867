"""The portal's addresses, plus two for the benchmark that read the domain page's content
from the database on every request, as the first page after a change does, instead of from
what the worker keeps in memory: with no templates (its queries alone), and rendered in
full. Measured beside the pages themselves, they show where a page's time goes."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from guides import published, selectors
from guides.forms import FeedbackForm
from portal.urls import urlpatterns as portal_urlpatterns


def from_database(region, domain):
    return selectors.domain_page(published.Published(), region_slug=region, domain_slug=domain)


def domain_queries_only(request, region, domain):
    page = from_database(region, domain)
    # Read every item's texts, as rendering would, so that nothing loaded is left unused.
    texts = [block.item.text for block in page.blocks if block.item is not None]
    return HttpResponse(f"{len(texts)} items\n", content_type="text/plain")


def domain_rendered_from_database(request, region, domain):
    context = {"page": from_database(region, domain), "feedback_form": FeedbackForm()}
    return render(request, "guides/domain.html", context)


urlpatterns = [
    *portal_urlpatterns,
    path("floor/<slug:region>/<slug:domain>/", domain_queries_only),
    path("floor/<slug:region>/<slug:domain>/rendered/", domain_rendered_from_database),
]
