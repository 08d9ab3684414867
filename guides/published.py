"""What readers see, read from the database once per content version by each worker.

The published content is small and read on every page, while it changes only when an editor
saves: so each worker process keeps the regions, domains, overview sections, which items
are tied to which regions and, domain by domain as pages ask for them, the published items,
and reads them again after any change.
The change is noticed through the content version that the page cache already relies on
(see pagecache): every save, delete or import replaces it, on every app server, so a reader
never gets content older than the last change.

Objects kept here are shared by the requests that a worker serves: callers build their own
lists from them and never set attributes on them. Drafts (the staff preview) and
aggregates are read from the database, never from here.
"""

import logging
import threading
from collections import OrderedDict
from functools import cached_property

from django.conf import settings

from .models import Domain, Item, OverviewSection, Region
from .pagecache import content_version

log = logging.getLogger(__name__)


class Published:
    """The published content of one content version (None: read once and not kept)."""

    def __init__(self, version=None):
        self.version = version
        # {domain pk: its published items, regions attached}; the least recently read
        # domains are dropped when more than ITEMS_IN_MEMORY items are kept.
        self._items = OrderedDict()
        self._lock = threading.Lock()

    # Each read on first use (a page that needs no overview does not read it).
    @cached_property
    def regions(self):
        return list(Region.objects.all())

    @cached_property
    def domains(self):
        return list(Domain.objects.all())

    @cached_property
    def overview(self):
        return list(OverviewSection.objects.all())

    @cached_property
    def region_links(self):
        return Item.region_links()

    def attach_regions(self, items):
        """Give these items their regions: from the links kept with this content, or, when it
        is read once and not kept, with one query for these items alone."""
        links = self.region_links if self.version is not None else None
        return Item.attach_regions(items, self.regions, links)

    def regions_of(self, item_ids):
        """{item id: its regions, in order} for these items, as attach_regions finds them."""
        links = self.region_links if self.version is not None else None
        return Item.regions_by_item(item_ids, self.regions, links)

    def items_of(self, domain):
        """The domain's published items, in order, each with its regions attached."""
        with self._lock:
            items = self._items.get(domain.pk)
            if items is not None:
                self._items.move_to_end(domain.pk)
                return items
        items = self.attach_regions(
            list(Item.objects.published().filter(domain=domain).order_by("order", "pk"))
        )
        with self._lock:
            self._items[domain.pk] = items
            self._forget_least_recent_items()
        return items

    def _forget_least_recent_items(self):
        kept = sum(len(items) for items in self._items.values())
        while len(self._items) > 1 and kept > settings.ITEMS_IN_MEMORY:
            _domain, items = self._items.popitem(last=False)
            kept -= len(items)


_current = None


def current(version=None):
    """The published content as it stands now: what this worker holds, unless an editor
    has changed anything since it was read. `version`: the content version, when the caller
    has read it already."""
    global _current
    if not settings.CONTENT_IN_MEMORY:
        return Published()
    try:
        version = version or content_version()
    except Exception:  # a cache outage costs speed, never the page
        log.warning("content version unavailable, reading content from the database", exc_info=True)
        return Published()
    published = _current
    if published is None or published.version != version:
        # Read from the database after reading the version: if content changes meanwhile,
        # the version changes too and the next request reads it again.
        published = _current = Published(version)
    return published


def for_request(request):
    """What a request reads: readers, the content this worker holds; signed-in staff, who
    carry a session cookie, the database itself, so that they always check what is stored."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return Published()
    # The page cache has read the version already, unless it is off or skipped this request.
    return current(getattr(request, "content_version", None))


def forget():
    """Drop what this worker holds (tests, whose rolled-back changes leave no new version)."""
    global _current
    _current = None
