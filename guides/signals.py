"""Keep the search index and the cached pages in step with the content."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Domain, Item, OverviewSection, Region
from .pagecache import bump_content_version
from .search import index_objects

CONTENT_MODELS = (Region, Domain, OverviewSection, Item)


@receiver(post_save, sender=Domain)
@receiver(post_save, sender=Item)
def reindex(sender, instance, raw=False, **kwargs):
    if not raw:
        index_objects([instance])


def content_changed(sender, action="post_save", **kwargs):
    if not action.startswith("post_"):  # m2m_changed also announces changes to come
        return
    # Now, so that nothing rendered from the old content is served after this point, and
    # again once the change is committed, since readers may render pages from the old rows
    # until then and store them under the version set now.
    bump_content_version()
    transaction.on_commit(bump_content_version)


for model in CONTENT_MODELS:
    post_save.connect(content_changed, sender=model, dispatch_uid=f"pages-{model.__name__}-save")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"pages-{model.__name__}-del")
m2m_changed.connect(content_changed, sender=Item.regions.through, dispatch_uid="pages-item-regions")


# Sign-in events, for the operators: who (by id), never a password or an address.
security_log = logging.getLogger("portal.security")


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    security_log.info("staff sign-in", extra={"user_id": user.pk})


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    security_log.warning("failed sign-in")


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    security_log.warning("sign-in locked out after repeated failures")
