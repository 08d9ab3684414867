"""Read-only open data API: regions, domains and items in any of the six languages.

The OpenAPI schema at /api/v1/openapi.json is generated from these declarations.
"""

from typing import Annotated, Literal

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import override
from ninja import NinjaAPI, Schema
from pydantic import Field

from .models import Domain, Item, Region

Language = Literal[tuple(code for code, _name in settings.LANGUAGES)]
Kind = Literal[tuple(Item.Kind.values)]
RegionSlug = Literal[tuple(Region.Slug.values)]
# A domain's or an item's slug. Anything else is the client's error (422), never a lookup: a
# NUL byte, for one, would reach PostgreSQL, which refuses it.
Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=100)]

api = NinjaAPI(
    title="Migrants and basic services in Belgium",
    version="1",
    description="The manual's content, region by region, in six languages. Read-only.",
    urls_namespace="api-v1",
    docs_url=None,  # the interactive docs load scripts from another host
)


class Message(Schema):
    detail: str


class ValidationErrors(Schema):
    detail: list[dict]


ERRORS = {404: Message, 422: ValidationErrors}


class RegionOut(Schema):
    slug: str
    name: str


class ItemOut(Schema):
    domain: str
    slug: str
    kind: Kind
    title: str
    text: str
    points: list[str]
    regions: list[str]
    source: str
    url: str


class DomainOut(Schema):
    slug: str
    name: str
    title: str
    summary: str
    context: list[str]


class DomainDetailOut(DomainOut):
    items: list[ItemOut]


def _region(region):
    return {"slug": region.slug, "name": region.name}


def _item(item):
    return {
        "domain": item.domain.slug,
        "slug": item.slug,
        "kind": item.kind,
        "title": item.title,
        "text": item.text,
        "points": item.point_list,
        "regions": [region.slug for region in item.region_list],
        "source": item.source,
        "url": item.url,
    }


def _domain(domain):
    return {
        "slug": domain.slug,
        "name": domain.name,
        "title": domain.title,
        "summary": domain.summary,
        "context": domain.context_points,
    }


def _items():
    return Item.objects.published().select_related("domain").with_regions()


@api.get("/regions", response={200: list[RegionOut], **ERRORS}, tags=["content"])
def list_regions(request, lang: Language = "fr"):
    with override(lang):
        return [_region(region) for region in Region.objects.all()]


@api.get("/domains", response={200: list[DomainOut], **ERRORS}, tags=["content"])
def list_domains(request, lang: Language = "fr"):
    with override(lang):
        return [_domain(domain) for domain in Domain.objects.all()]


@api.get("/domains/{slug}", response={200: DomainDetailOut, **ERRORS}, tags=["content"])
def get_domain(request, slug: Slug, lang: Language = "fr", region: RegionSlug | None = None):
    """A domain with its items; with `region`, only what holds in that region."""
    domain = get_object_or_404(Domain, slug=slug)
    items = _items().filter(domain=domain).order_by("order", "pk")
    if region:
        items = items.for_region(get_object_or_404(Region, slug=region))
    with override(lang):
        return {**_domain(domain), "items": [_item(item) for item in items]}


@api.get("/items", response={200: list[ItemOut], **ERRORS}, tags=["content"])
def list_items(
    request,
    lang: Language = "fr",
    domain: Slug | None = None,
    region: RegionSlug | None = None,
    kind: Kind | None = None,
):
    items = _items()
    if domain:
        items = items.filter(domain__slug=domain)
    if region:
        items = items.for_region(get_object_or_404(Region, slug=region))
    if kind:
        items = items.filter(kind=kind)
    with override(lang):
        return [_item(item) for item in items]


@api.get("/items/{domain}/{slug}", response={200: ItemOut, **ERRORS}, tags=["content"])
def get_item(request, domain: Slug, slug: Slug, lang: Language = "fr"):
    item = get_object_or_404(_items(), domain__slug=domain, slug=slug)
    with override(lang):
        return _item(item)
