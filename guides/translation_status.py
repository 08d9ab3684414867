"""Is each translation missing, outdated or up to date?

Every translated object keeps, per language, a fingerprint of the French text that language's
translation was made from (`source_hashes`). When the French text changes, its fingerprint no
longer matches and the translation is outdated, until a translator saves that language again
or the editor marks the French change as minor.
"""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The language every text is written in first; every other language translates it.
SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
TARGET_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


class Status(models.TextChoices):
    MISSING = "missing", _("missing")
    OUTDATED = "outdated", _("outdated")
    CURRENT = "current", _("up to date")


def fingerprint(french_texts):
    """A short, stable fingerprint of an object's French texts, in field order."""
    joined = "\x1f".join(text or "" for text in french_texts)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def text_key(kind, slug, domain=None):
    """A text's key in fixtures/content and in translation files: `domain:housing`,
    `item:housing/rent` (items are keyed within their domain)."""
    return f"{kind}:{domain}/{slug}" if domain else f"{kind}:{slug}"


def content_key(obj):
    """The key of an object in the database."""
    from .models import Domain, Item, OverviewSection, Region

    if isinstance(obj, Item):
        return text_key("item", obj.slug, domain=obj.domain.slug)
    kind = {Region: "region", Domain: "domain", OverviewSection: "overview"}[type(obj)]
    return text_key(kind, obj.slug)


def translated_objects():
    """Every object with translated fields, in reading order (drafts included)."""
    from .models import Domain, Item, OverviewSection, Region

    return [
        *Region.objects.all(),
        *OverviewSection.objects.all(),
        *Domain.objects.all(),
        *Item.objects.select_related("domain"),
    ]


@dataclass
class StatusRow:
    """One domain (or the general texts) in one language."""

    counts: Counter = field(default_factory=Counter)

    @property
    def total(self):
        return sum(self.counts.values())

    def percent(self, status):
        return round(100 * self.counts[status] / self.total) if self.total else 100

    @property
    def current_percent(self):
        return self.percent(Status.CURRENT)


def status_table(objects=None):
    """{language: {domain slug or "": StatusRow}}; "" holds regions and overview sections."""
    from .models import Domain, Item

    objects = translated_objects() if objects is None else objects
    table = {language: defaultdict(StatusRow) for language in TARGET_LANGUAGES}
    for obj in objects:
        if isinstance(obj, Item):
            group = obj.domain.slug
        elif isinstance(obj, Domain):
            group = obj.slug
        else:
            group = ""
        for language in TARGET_LANGUAGES:
            table[language][group].counts[obj.translation_status(language)] += 1
    return table


def language_totals(table):
    totals = {}
    for language, rows in table.items():
        total = StatusRow()
        for row in rows.values():
            total.counts.update(row.counts)
        totals[language] = total
    return totals


def record_edit(before, after, *, minor_change=False):
    """Update `after`'s fingerprints for an edit from `before` (both the same object).

    A language whose text was edited now translates today's French. When the French changed
    and the editor calls it minor, translations that were up to date stay up to date. A
    language whose fingerprint the caller set itself (an import) is left as it is.
    """
    fields = after.translated_field_names()

    def changed(language):
        return any(
            getattr(before, f"{field}_{language}") != getattr(after, f"{field}_{language}")
            for field in fields
        )

    french_changed = changed(SOURCE_LANGUAGE)
    for language in TARGET_LANGUAGES:
        if after.source_hashes.get(language) != before.source_hashes.get(language):
            continue
        translated = any(getattr(after, f"{field}_{language}") for field in fields)
        if changed(language) and translated:
            after.mark_translated(language)
        elif (
            french_changed
            and minor_change
            and before.translation_status(language) == Status.CURRENT
        ):
            after.mark_translated(language)


def record_new(obj):
    """A new object: each language given with it translates its French (unless stamped)."""
    for language in TARGET_LANGUAGES:
        if language not in obj.source_hashes and any(
            getattr(obj, f"{field}_{language}") for field in obj.translated_field_names()
        ):
            obj.mark_translated(language)
