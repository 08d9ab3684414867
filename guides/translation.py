"""Fields translated by django-modeltranslation, one column per language."""

from modeltranslation.translator import TranslationOptions, register

from .models import Domain, Item, OverviewSection, Region


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("fr",)


@register(Domain)
class DomainTranslationOptions(TranslationOptions):
    fields = ("name", "title", "summary", "context")
    required_languages = ("fr",)


@register(OverviewSection)
class OverviewSectionTranslationOptions(TranslationOptions):
    fields = ("title", "text", "points")


@register(Item)
class ItemTranslationOptions(TranslationOptions):
    fields = ("title", "text", "points")
