"""Keep the search index in step with the content."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Domain, Item
from .search import index_objects


@receiver(post_save, sender=Domain)
@receiver(post_save, sender=Item)
def reindex(sender, instance, raw=False, **kwargs):
    if not raw:
        index_objects([instance])
