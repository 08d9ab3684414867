"""Fields translated by django-modeltranslation, one column per language."""

import reversion
from modeltranslation.translator import TranslationOptions, register

from .models import Domain, Item, OverviewSection, Region


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = Region.TRANSLATED_FIELDS
    required_languages = ("fr",)


@register(Domain)
class DomainTranslationOptions(TranslationOptions):
    fields = Domain.TRANSLATED_FIELDS
    required_languages = ("fr",)


@register(OverviewSection)
class OverviewSectionTranslationOptions(TranslationOptions):
    fields = OverviewSection.TRANSLATED_FIELDS


@register(Item)
class ItemTranslationOptions(TranslationOptions):
    fields = Item.TRANSLATED_FIELDS


# The history (django-reversion) keeps every column, so it is registered once the translated
# columns exist.
for model in (Region, Domain, OverviewSection, Item):
    reversion.register(model)
