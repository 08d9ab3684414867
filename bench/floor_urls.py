"""The portal's addresses, plus two for the benchmark that read the domain page's content
from the database on every request, as the first page after a change does, instead of from
what the worker keeps in memory: with no templates (its queries alone), and rendered in
full. Measured beside the pages themselves, they show where a page's time goes.

A third is the issue's reference point, a plain Django template page of 50 items and about
15 KB, served by the same stack: what a page rendered afresh costs on the machine of the
day, which the static file alone does not tell (it is served mostly outside Python)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template import engines
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


# The issue's reference point, measured on the same server: "a plain 15 KB Django template
# page of 50 items" (0.145 of the static file on the issue's machine).
REFERENCE_ITEMS = [
    {
        "number": number,
        "title": f"Item {number}",
        "text": ("A plain paragraph of text standing for an item of a page. " * 5)[:262],
    }
    for number in range(1, 51)
]


REFERENCE_TEMPLATE = engines["django"].from_string(
    """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
</head>
<body>
<h1>{{ title }}</h1>
<ul>
{% for item in items %}<li id="item-{{ item.number }}"><h2>{{ item.title }}</h2>
<p>{{ item.text }}</p></li>
{% endfor %}</ul>
</body>
</html>
"""
)


def reference_page(request):
    context = {"title": "Fifty items", "items": REFERENCE_ITEMS}
    return HttpResponse(REFERENCE_TEMPLATE.render(context, request))


def domain_rendered_from_database(request, region, domain):
    context = {"page": from_database(region, domain), "feedback_form": FeedbackForm()}
    return render(request, "guides/domain.html", context)


urlpatterns = [
    *portal_urlpatterns,
    path("floor/<slug:region>/<slug:domain>/", domain_queries_only),
    path("floor/<slug:region>/<slug:domain>/rendered/", domain_rendered_from_database),
    path("floor/reference/", reference_page),
]
