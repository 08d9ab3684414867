"""Synthetic content for load tests: copies of the manual's items, clearly marked.

Never for a real portal: the command that calls this refuses any database whose name does
not say it is a scratch one, and nothing here is ever written to the fixtures.
"""

from django.conf import settings
from django.db import transaction

from .models import Item
from .pagecache import bump_content_version
from .search import index_objects

SLUG_PREFIX = "synthetic-"
BATCH = 1000


def _marked(title, copy):
    return f"[Synthetic {copy}] {title}".strip()


@transaction.atomic
def generate(scale):
    """Bring the number of items to `scale` times the manual's, in every language.

    Each copy keeps its original's kind, regions and texts (so that searches and pages look
    like the real ones); its title, in every language, starts with "[Synthetic n]".
    Returns the number of items created.
    """
    remove()
    originals = list(Item.objects.prefetch_related("regions"))
    titles = [f"title_{code}" for code, _ in settings.LANGUAGES]
    copied = [f"{field}_{code}" for field in ("text", "points") for code, _ in settings.LANGUAGES]
    copies, regions = [], []
    for copy in range(1, scale):
        for original in originals:
            item = Item(
                domain_id=original.domain_id,
                slug=f"{SLUG_PREFIX}{copy}-{original.slug}"[:80],
                kind=original.kind,
                url=original.url,
                source=Item.Source.EDITORS,
                source_section="synthetic",
                order=original.order + 100 * copy,  # (orders stay small integers)
                status=Item.Status.PUBLISHED,
                **{name: _marked(getattr(original, name), copy) for name in titles},
                **{name: getattr(original, name) for name in copied},
            )
            copies.append(item)
            regions.append([region.pk for region in original.regions.all()])
    created = Item.objects.bulk_create(copies, batch_size=BATCH)
    links = [
        Item.regions.through(item_id=item.pk, region_id=region)
        for item, item_regions in zip(created, regions, strict=True)
        for region in item_regions
    ]
    Item.regions.through.objects.bulk_create(links, batch_size=BATCH)
    index_objects(created)
    transaction.on_commit(bump_content_version)
    return len(created)


@transaction.atomic
def remove():
    """Delete every synthetic item (and, through the cascade, its search rows)."""
    deleted, _ = Item.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    transaction.on_commit(bump_content_version)
    return deleted
