"""Everything a page shows, read in a fixed number of queries.

Each takes the published content to read (`content`: guides.published.Published, what the
worker holds for readers or the database itself for staff); drafts, counts and searches are
read from the database.
"""

import json
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Window
from django.utils.translation import get_language

from . import search
from .links import url_for
from .models import Domain, Item, Region
from .translation_status import Status as TranslationStatus


def _offline_urls(region, domains):
    """The region's page and its domain pages, for "save for offline reading"."""
    urls = [url_for("guides:region", region.slug)]
    urls += [url_for("guides:domain", region.slug, domain.slug) for domain in domains]
    return json.dumps(urls)


def _region_links(regions, domain, anchor):
    """A link to `anchor` on the domain's page of each region, as {"name", "url"}: built
    here, once, rather than in the template, where each costs a dozen lookups and a search
    or the catalogue shows dozens of them."""
    return [
        {
            "name": region.name,
            "url": f"{url_for('guides:domain', region.slug, domain.slug)}#{anchor}",
        }
        for region in regions
    ]


def _region_switch(regions, current, domain=None):
    """The region switcher's entries, as {"name", "url", "current"}: each region's page, or
    its page of `domain`."""
    return [
        {
            "name": region.name,
            "url": url_for("guides:domain", region.slug, domain.slug)
            if domain
            else url_for("guides:region", region.slug),
            "current": region.pk == current.pk,
        }
        for region in regions
    ]


def _translation_notices(*objects):
    """The notices a page showing these objects needs, in the active language: (some text
    is shown in French for want of a translation, some translation was made from French
    text that has changed since)."""
    language = get_language()
    statuses = {obj.translation_status(language) for obj in objects}
    return TranslationStatus.MISSING in statuses, TranslationStatus.OUTDATED in statuses


PUBLISHED = Q(items__status=Item.Status.PUBLISHED)


@dataclass(kw_only=True)
class Frame:
    """What the site's frame (base.html) asks of every page: whether some text is shown in
    French for want of a translation, whether a translation is older than the French, and
    whether staff are previewing drafts. Every page has them, so that no page's render pays
    for a lookup that fails (Django then lists the object's attributes)."""

    fallback_notice: bool = False
    outdated_notice: bool = False
    preview: bool = False


@dataclass
class HomePage(Frame):
    regions: list
    domains: list
    overview: list


def home_page(content):
    page = HomePage(
        regions=list(content.regions),
        domains=list(content.domains),
        overview=list(content.overview),
    )
    page.fallback_notice, page.outdated_notice = _translation_notices(
        *page.regions, *page.domains, *page.overview
    )
    return page


@dataclass
class AboutPage(Frame):
    overview: list
    domains: list
    counts: dict

    @property
    def manual_title(self):
        return self.overview[0].title if self.overview else ""

    @property
    def licence(self):
        from .export import licence

        return licence()


def about_page(content):
    domains = list(
        Domain.objects.annotate(
            challenges=Count("items", filter=Q(items__kind=Item.Kind.CHALLENGE) & PUBLISHED),
            practices=Count("items", filter=Q(items__kind=Item.Kind.PRACTICE) & PUBLISHED),
        )
    )
    page = AboutPage(
        overview=list(content.overview),
        domains=domains,
        counts={
            "domains": len(domains),
            "challenges": sum(domain.challenges for domain in domains),
            "practices": sum(domain.practices for domain in domains),
            "regions": len(content.regions),
        },
    )
    page.fallback_notice, page.outdated_notice = _translation_notices(*page.overview, *page.domains)
    return page


@dataclass
class RegionDomain:
    domain: Domain
    challenges: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def note_blocks(self):
        return [Block("item", "in-region", item) for item in self.notes]


@dataclass
class RegionPage(Frame):
    region: Region
    regions: list
    domains: list

    @property
    def offline_urls(self):
        return _offline_urls(self.region, [entry.domain for entry in self.domains])

    @property
    def region_switch(self):
        return _region_switch(self.regions, self.region)


def region_page(content, *, region_slug):
    """A region with, for each domain, its key challenges and what is specific to the region."""
    regions = list(content.regions)
    region = next((r for r in regions if r.slug == region_slug), None)
    if region is None:
        raise Region.DoesNotExist(region_slug)
    domains = {domain.pk: RegionDomain(domain=domain) for domain in content.domains}
    items = Item.objects.published().filter(kind__in=[Item.Kind.CHALLENGE, Item.Kind.NOTE])
    shown = [region, *(entry.domain for entry in domains.values())]
    for item in content.attach_regions(list(items)):
        if item.holds_in(region):
            entry = domains[item.domain_id]
            (entry.notes if item.kind == Item.Kind.NOTE else entry.challenges).append(item)
            shown.append(item)
    fallback_notice, outdated_notice = _translation_notices(*shown)
    return RegionPage(
        region=region,
        regions=regions,
        domains=list(domains.values()),
        fallback_notice=fallback_notice,
        outdated_notice=outdated_notice,
    )


@dataclass
class Block:
    """One piece of a domain page, shown once, or side by side with a second language."""

    kind: str  # "heading", "context" or "item"
    section: str = ""
    item: Item | None = None

    @property
    def as_list(self):
        """This block alone, for the template that shows a list of blocks (a pair's side)."""
        return [self]


@dataclass
class DomainPage(Frame):
    domain: Domain
    region: Region
    regions: list
    domains: list
    notes: list = field(default_factory=list)
    challenges: list = field(default_factory=list)
    practices: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)
    # The language shown beside the reader's, if any.
    also: str = ""

    @property
    def offline_urls(self):
        return _offline_urls(self.region, self.domains)

    @property
    def region_switch(self):
        return _region_switch(self.regions, self.region, self.domain)

    @property
    def other_domains(self):
        """The other domains' pages in this region, as {"name", "url"}."""
        return [
            {"name": domain.name, "url": url_for("guides:domain", self.region.slug, domain.slug)}
            for domain in self.domains
            if domain.pk != self.domain.pk
        ]

    def keep_only(self, slugs):
        """Narrow the page to these items (for a handout); the context always stays."""
        for items in (self.notes, self.challenges, self.practices, self.recommendations):
            items[:] = [item for item in items if item.slug in slugs]

    @property
    def items(self):
        return self.notes + self.challenges + self.practices + self.recommendations

    @property
    def blocks(self):
        blocks = [Block("heading", "context"), Block("context", "context")]
        sections = [
            ("in-region", self.notes),
            ("challenges", self.challenges),
            ("practices", self.practices),
            ("recommendations", self.recommendations),
        ]
        for section, items in sections:
            if items:
                blocks.append(Block("heading", section))
                blocks += [Block("item", section, item) for item in items]
        return blocks


def domain_page(content, *, region_slug, domain_slug, drafts=False):
    """A domain as read in one region: national findings plus that region's own. With
    `drafts` (staff previewing), draft items appear in place."""
    regions = list(content.regions)
    region = next((r for r in regions if r.slug == region_slug), None)
    domains = list(content.domains)
    domain = next((d for d in domains if d.slug == domain_slug), None)
    if region is None or domain is None:
        raise Domain.DoesNotExist(f"{region_slug}/{domain_slug}")
    page = DomainPage(
        domain=domain, region=region, regions=regions, domains=domains, preview=drafts
    )
    groups = {
        Item.Kind.NOTE: page.notes,
        Item.Kind.CHALLENGE: page.challenges,
        Item.Kind.PRACTICE: page.practices,
        Item.Kind.RECOMMENDATION: page.recommendations,
    }
    # The domain's items, then those that hold in the region (national or the region's own):
    # few enough to sort out here, cheaper than asking the database to.
    if drafts:
        items = Item.attach_regions(
            list(Item.objects.filter(domain=domain).order_by("order", "pk")), regions
        )
    else:
        items = content.items_of(domain)
    items = [item for item in items if item.holds_in(region)]
    for item in items:
        groups[item.kind].append(item)
    page.fallback_notice, page.outdated_notice = _translation_notices(region, domain, *items)
    return page


# Ten results a page, as most search engines show: light on a slow connection and a cheap
# phone, and each a few lines long, so a page is read at a glance.
RESULTS_PER_PAGE = 10
# Past this page, Django's paginator counts first (a number from an address can be too large
# for the database's OFFSET).
COUNTED_WITH_ROWS_UP_TO_PAGE = 1000


@dataclass
class SearchPage(Frame):
    query: str
    regions: list
    domains: list
    region: Region | None = None
    domain: Domain | None = None
    # The page of results shown (its paginator knows the total) and those results.
    results_page: Page | None = None
    results: list = field(default_factory=list)

    @property
    def too_short(self):
        return 0 < len(self.query) < search.MIN_QUERY_LENGTH

    @property
    def searched(self):
        return bool(self.query) and not self.too_short

    @property
    def total(self):
        return self.results_page.paginator.count if self.results_page else 0


def search_page(content, *, query, region_slug, domain_slug, language, page_number=1):
    """One page of results for a query in one language; unknown filter values are ignored,
    and a page number out of range shows the nearest page."""
    regions, domains = list(content.regions), list(content.domains)
    page = SearchPage(
        query=search.clean_query(query),
        regions=regions,
        domains=domains,
        region=next((r for r in regions if r.slug == region_slug), None),
        domain=next((d for d in domains if d.slug == domain_slug), None),
    )
    if page.searched:
        documents = search.matching_documents(
            page.query, language=language, region=page.region, domain=page.domain
        )
        page.results_page = _one_page(documents, page_number, RESULTS_PER_PAGE)
        page.results = search.results(page.results_page, page.query, content=content)
        for result in page.results:
            document = result.document
            # Where to read it: the chosen region, the item's own regions, or all three.
            result.links = _region_links(
                [page.region] if page.region else document.region_list or regions,
                document.domain,
                document.anchor,
            )
    return page


class CountedPaginator(Paginator):
    """A paginator told the number of objects instead of asking the database."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.count = count


def _one_page(rows, page_number, per_page):
    """One page of `rows`: a queryset, or any sliceable with count() whose rows carry the
    number of all rows as `matches` (guides.search.RankedDocuments). A queryset's rows are
    given that number by a window function: one query where Django's paginator takes two.
    No row, a page past the last or a page "number" that is none: Django's paginator finds
    the nearest page."""
    counted = rows.annotate(matches=Window(Count("pk"))) if isinstance(rows, QuerySet) else rows
    try:
        number = int(page_number or 1)
    except (TypeError, ValueError):
        number = 0
    if 1 <= number <= COUNTED_WITH_ROWS_UP_TO_PAGE:
        start = (number - 1) * per_page
        page_rows = list(counted[start : start + per_page])
        if page_rows:
            paginator = CountedPaginator(rows, per_page, count=page_rows[0].matches)
            return Page(page_rows, number, paginator)
        if number == 1:
            return CountedPaginator(rows, per_page, count=0).page(1)
    return Paginator(rows, per_page).get_page(page_number)


CATALOGUE_KINDS = [Item.Kind.PRACTICE, Item.Kind.RECOMMENDATION]


# A page of entries stays under 60 KB before compression, in every language.
CATALOGUE_PER_PAGE = 30


@dataclass
class CataloguePage(Frame):
    regions: list
    domains: list
    kinds: list
    manual_title: str
    # The page of entries shown (its paginator knows the total) and those entries.
    entries_page: Page | None = None
    items: list = field(default_factory=list)
    region: Region | None = None
    domain: Domain | None = None
    kind: str = ""

    @property
    def total(self):
        return self.entries_page.paginator.count


def catalogue_page(content, *, region_slug, domain_slug, kind, page_number=1):
    """The good practices and recommendations, narrowed by whichever filters are valid, one
    page of them; a page number out of range shows the nearest page."""
    regions, domains = list(content.regions), list(content.domains)
    page = CataloguePage(
        regions=regions,
        domains=domains,
        kinds=[(value, Item.Kind(value).label) for value in CATALOGUE_KINDS],
        manual_title=manual_title(content),
        region=next((r for r in regions if r.slug == region_slug), None),
        domain=next((d for d in domains if d.slug == domain_slug), None),
        kind=kind if kind in CATALOGUE_KINDS else "",
    )
    items = Item.objects.published().filter(kind__in=[page.kind] if page.kind else CATALOGUE_KINDS)
    if page.domain:
        items = items.filter(domain=page.domain)
    if page.region:
        items = items.for_region(page.region)
    page.entries_page = _one_page(items.select_related("domain"), page_number, CATALOGUE_PER_PAGE)
    page.items = content.attach_regions(list(page.entries_page))
    for item in page.items:
        item.links = _region_links(
            [page.region] if page.region else item.region_list or regions, item.domain, item.slug
        )
    return page


def manual_title(content):
    """The manual's title in the active language, for citations."""
    introduction = next(
        (section for section in content.overview if section.slug == "introduction"), None
    )
    return introduction.title if introduction else ""
