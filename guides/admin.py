from django.conf import settings
from django.contrib import admin
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Domain, Feedback, Item, OverviewSection, Region, SearchMiss

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def translated_search_fields(*fields):
    """Search every language's column, so an editor finds a text in any of them."""
    return [f"{field}_{code}" for field in fields for code in LANGUAGE_CODES]


@admin.register(Region)
class RegionAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = translated_search_fields("name")


@admin.register(Domain)
class DomainAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = translated_search_fields("name", "title", "context")
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(OverviewSection)
class OverviewSectionAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "slug", "order"]
    list_editable = ["order"]
    search_fields = translated_search_fields("title", "text", "points")


@admin.register(Item)
class ItemAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "domain", "kind", "applies_to", "source", "order"]
    list_editable = ["order"]
    list_filter = ["domain", "kind", "regions", "source"]
    list_select_related = ["domain"]
    search_fields = translated_search_fields("title", "text", "points")
    formfield_overrides = {
        models.ManyToManyField: {"widget": CheckboxSelectMultiple},
        models.URLField: {"assume_scheme": "https"},
    }
    fieldsets = [
        (None, {"fields": ["domain", "kind", "slug", "title", "text", "points", "url"]}),
        (_("Where it applies"), {"fields": ["regions"]}),
        (_("Provenance and order"), {"fields": ["source", "source_section", "order"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regions")

    @admin.display(description=_("applies to"))
    def applies_to(self, item):
        return ", ".join(region.name for region in item.region_list) or _("All of Belgium")


@admin.register(SearchMiss)
class SearchMissAdmin(admin.ModelAdmin):
    """What readers looked for and did not find: a list of content to add or translate."""

    list_display = ["query", "language", "count", "last_searched"]
    list_filter = ["language"]
    search_fields = ["query"]
    readonly_fields = ["query", "language", "count", "last_searched"]

    def has_add_permission(self, request):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Readers' answers, for the editors only; never published."""

    list_display = ["created", "domain", "region", "language", "useful", "short_comment", "handled"]
    list_filter = ["handled", "useful", "language", "domain", "region"]
    list_editable = ["handled"]
    search_fields = ["comment"]
    readonly_fields = ["domain", "region", "language", "useful", "comment", "created"]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("comment"))
    def short_comment(self, feedback):
        return feedback.comment[:80]

    @admin.action(description=_("Mark as handled"))
    def mark_handled(self, request, queryset):
        queryset.update(handled=True)
