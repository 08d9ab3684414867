"""The manual's content: regions, domains, overview sections and the items of each domain.

Every text a reader sees is translated with django-modeltranslation (see translation.py):
`title` reads the active language and falls back to French, `title_fr`, `title_ar`... are
the stored columns.
"""

from collections import defaultdict

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .translation_status import SOURCE_LANGUAGE, fingerprint, record_edit, record_new
from .translation_status import Status as TranslationStatus


class TranslatedContent(models.Model):
    """Knows which of its translated fields are shown in French for want of a translation,
    and whether each language's translation is missing, outdated or up to date."""

    # {language: fingerprint of the French text that language's translation was made from}
    source_hashes = models.JSONField(default=dict, blank=True, editable=False)
    # Set before saving when a French edit leaves the meaning as it was (a typo fixed).
    minor_change = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Stamp each translation saved now with the French text it translates."""
        before = type(self)._base_manager.filter(pk=self.pk).first() if self.pk else None
        if before is None:
            record_new(self)
        else:
            record_edit(before, self, minor_change=self.minor_change)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "source_hashes"}
        super().save(*args, **kwargs)

    # The translated fields, in a fixed order (translation.py registers these).
    TRANSLATED_FIELDS = ()

    @classmethod
    def translated_field_names(cls):
        return list(cls.TRANSLATED_FIELDS)

    def source_fingerprint(self):
        return fingerprint(
            getattr(self, f"{field}_{SOURCE_LANGUAGE}") for field in self.translated_field_names()
        )

    def translation_status(self, language):
        if language == SOURCE_LANGUAGE:
            return TranslationStatus.CURRENT
        if self.fallback_fields(language):
            return TranslationStatus.MISSING
        if self.source_hashes.get(language) != self.source_fingerprint():
            return TranslationStatus.OUTDATED
        return TranslationStatus.CURRENT

    def mark_translated(self, language, from_fingerprint=None):
        """Record that `language` now translates today's French (or the given one)."""
        self.source_hashes = {
            **self.source_hashes,
            language: from_fingerprint or self.source_fingerprint(),
        }

    def falls_back(self, field, language=None):
        language = language or get_language()
        if language == SOURCE_LANGUAGE:
            return False
        source = getattr(self, f"{field}_{SOURCE_LANGUAGE}")
        return bool(source) and not getattr(self, f"{field}_{language}")

    def fallback_fields(self, language=None):
        return [f for f in self.translated_field_names() if self.falls_back(f, language)]


def split_lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PointsMixin(models.Model):
    """Bullet points kept as one point per line, so that translators see them side by side."""

    points = models.TextField(_("points"), blank=True, help_text=_("One point per line."))

    class Meta:
        abstract = True

    @property
    def point_list(self):
        return split_lines(self.points)


class RegionSlug(models.TextChoices):
    FLANDERS = "flanders", _("Flanders")
    WALLONIA = "wallonia", _("Wallonia")
    BRUSSELS = "brussels", _("Brussels")


class ItemKind(models.TextChoices):
    CHALLENGE = "challenge", _("Challenge")
    PRACTICE = "practice", _("Good practice")
    RECOMMENDATION = "recommendation", _("Recommendation")
    NOTE = "note", _("Regional note")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ItemSource(models.TextChoices):
    MANUAL = "manual", _("From the manual")
    ADAPTED = "adapted", _("Adapted from the manual")
    EDITORS = "editors", _("Added by the editors")


class Region(TranslatedContent):
    Slug = RegionSlug
    TRANSLATED_FIELDS = ("name",)

    slug = models.SlugField(_("slug"), max_length=20, unique=True, choices=RegionSlug.choices)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slug__in=RegionSlug.values),
                name="region_slug_is_known",
            ),
        ]

    def __str__(self):
        return self.name


class Domain(TranslatedContent):
    """One of the manual's five policy domains (employment, education, ...)."""

    TRANSLATED_FIELDS = ("name", "title", "summary", "context")

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("heading in the manual"), max_length=255)
    summary = models.CharField(
        _("summary"), max_length=255, blank=True, help_text=_("One plain line for the home page.")
    )
    context = models.TextField(
        _("context"),
        help_text=_("The legal situation in Belgium, in the manual's words: one point per line."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self):
        return self.name

    @property
    def context_points(self):
        return split_lines(self.context)


class OverviewSection(TranslatedContent, PointsMixin):
    """A part of the manual's overview: purpose, fieldwork, welfare system, Box 1."""

    TRANSLATED_FIELDS = ("title", "text", "points")

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    text = models.TextField(_("text"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("overview section")
        verbose_name_plural = _("overview sections")

    def __str__(self):
        return self.title or self.slug


class ItemQuerySet(models.QuerySet):
    def for_region(self, region):
        """Items that hold for all of Belgium, plus those tied to this region."""
        links = Item.regions.through.objects.filter(item=OuterRef("pk"))
        return self.filter(~Exists(links) | Exists(links.filter(region=region)))

    def with_regions(self):
        return self.prefetch_related("regions")

    def published(self):
        """What readers may see: never a draft."""
        return self.filter(status=ItemStatus.PUBLISHED)


class Item(TranslatedContent, PointsMixin):
    """A challenge, good practice, recommendation or regional note of a domain."""

    Kind = ItemKind
    Source = ItemSource
    Status = ItemStatus
    TRANSLATED_FIELDS = ("title", "text", "points")

    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, related_name="items", verbose_name=_("domain")
    )
    slug = models.SlugField(_("slug"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=255, blank=True)
    text = models.TextField(_("text"), blank=True)
    url = models.URLField(_("web address"), blank=True)
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="items",
        verbose_name=_("regions"),
        help_text=_("Leave empty when the item holds for all of Belgium."),
    )
    source = models.CharField(
        _("provenance"), max_length=20, choices=ItemSource.choices, default=ItemSource.EDITORS
    )
    source_section = models.CharField(
        _("section of the manual"),
        max_length=200,
        blank=True,
        help_text=_("Where in the manual the text comes from, e.g. “Emploi — Principaux défis”."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ItemStatus.choices,
        default=ItemStatus.DRAFT,
        help_text=_("Readers see published items only; staff can preview drafts."),
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["domain__order", "order", "pk"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(fields=["domain", "slug"], name="item_slug_unique_in_domain"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ItemKind.values),
                name="item_kind_is_known",
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=ItemSource.values),
                name="item_source_is_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ItemStatus.values),
                name="item_status_is_known",
            ),
        ]
        permissions = [
            ("edit_source", "Can edit the French text, the structure and the status"),
            ("import_translations", "Can export and import translation files"),
        ]

    def __str__(self):
        return self.title or f"{self.domain.slug}/{self.slug}"

    @property
    def is_draft(self):
        return self.status == ItemStatus.DRAFT

    # What get_kind_display() and get_source_display() give, without rebuilding the field's
    # choices on every call (about 35 µs each; the catalogue shows two for each entry).
    @property
    def kind_label(self):
        return ItemKind(self.kind).label

    @property
    def source_label(self):
        return ItemSource(self.source).label

    def preview_url(self):
        """The item in place on its page (in its first region), drafts shown to staff."""
        from django.urls import reverse

        regions = self.region_list or list(Region.objects.all()[:1])
        if not regions:
            return None
        page = reverse("guides:domain", args=[regions[0].slug, self.domain.slug])
        return f"{page}?preview=1#{self.slug}"

    @property
    def region_list(self):
        """The regions this item is tied to; empty for Belgium-wide items (uses prefetched or
        attached rows)."""
        try:
            return self._region_list
        except AttributeError:
            return list(self.regions.all())

    def holds_in(self, region):
        return not self.region_list or region in self.region_list

    @classmethod
    def region_links(cls, item_ids=None):
        """{item id: [region id, ...]} from the link table, for these items or for all."""
        rows = cls.regions.through.objects.all()
        if item_ids is not None:
            rows = rows.filter(item_id__in=item_ids)
        links = defaultdict(list)
        for item_id, region_id in rows.values_list("item_id", "region_id"):
            links[item_id].append(region_id)
        return links

    @classmethod
    def regions_by_item(cls, item_ids, regions, links=None):
        """{item id: its regions, in the order of `regions`} (none for a Belgium-wide item),
        reusing `regions` (all of them, already loaded) instead of loading Region rows again.
        `links`: region_links() of these items or more, when known; otherwise one query on
        the link table."""
        by_pk = {region.pk: region for region in regions}
        if links is None:
            links = cls.region_links(item_ids)
        return {
            item_id: sorted((by_pk[pk] for pk in links.get(item_id, ())), key=regions.index)
            for item_id in item_ids
        }

    @classmethod
    def attach_regions(cls, items, regions, links=None):
        """Give each item its regions (see regions_by_item)."""
        by_item = cls.regions_by_item([item.pk for item in items], regions, links)
        for item in items:
            item._region_list = by_item[item.pk]
        return items

    @property
    def is_national(self):
        return not self.region_list


class TsVectorField(models.Field):
    """PostgreSQL's tsvector, kept up to date by guides.search; unused text elsewhere."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class SearchDocument(models.Model):
    """A domain or published item as a reader of one language sees it, prepared for search.

    It holds what a result shows and how results are ordered (its item's kind, address on
    the domain page and place in the manual), so that a search reads this table alone: no
    join to plan, compile or run on every search. guides.search keeps these copies in step.
    """

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, null=True, related_name="+")
    title = models.CharField(max_length=255, blank=True)
    body = models.TextField(blank=True)
    normalized_title = models.CharField(max_length=255, blank=True)
    normalized_body = models.TextField(blank=True)
    vector = TsVectorField(null=True, editable=False)
    # The item's kind, empty for a domain's own text.
    kind = models.CharField(max_length=20, blank=True)
    # Where it is on the domain page: the item's slug, or "context".
    anchor = models.CharField(max_length=80)
    domain_order = models.PositiveSmallIntegerField(default=0)
    item_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["language"], name="searchdocument_language")]

    def __str__(self):
        return f"{self.language}: {self.title}"

    @property
    def kind_label(self):
        return ItemKind(self.kind).label if self.kind else ""


class SearchMiss(models.Model):
    """A search that found nothing: the words and language only, nothing about the reader."""

    query = models.CharField(_("search"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    count = models.PositiveIntegerField(_("times searched"), default=1)
    last_searched = models.DateTimeField(_("last searched"), auto_now=True)

    class Meta:
        ordering = ["-count", "-last_searched"]
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [
            models.UniqueConstraint(fields=["query", "language"], name="searchmiss_unique_query"),
        ]

    def __str__(self):
        return self.query

    @classmethod
    def record(cls, query, language):
        query = query.casefold()[:200]
        # A search missed before (the usual case) is counted in one statement, which also
        # moves it up the list (update() leaves auto_now fields alone).
        missed_before = cls.objects.filter(query=query, language=language)
        counted = {"count": models.F("count") + 1, "last_searched": timezone.now()}
        if not missed_before.update(**counted):
            _miss, created = cls.objects.get_or_create(query=query, language=language)
            if not created:  # by another request, just now
                missed_before.update(**counted)


class Feedback(models.Model):
    """A reader's answer to "Was this page useful?". Nothing that identifies the reader."""

    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("domain")
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("region")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    useful = models.BooleanField(_("useful"))
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created = models.DateField(_("date"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        ordering = ["handled", "-created", "-pk"]
        verbose_name = _("reader feedback")
        verbose_name_plural = _("reader feedback")

    def __str__(self):
        return f"{self.domain} · {self.region} · {self.get_language_display()}"
