"""Keep the search index in step with the content."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Domain, Item
from .search import index_objects


@receiver(post_save, sender=Domain)
@receiver(post_save, sender=Item)
def reindex(sender, instance, raw=False, **kwargs):
    if not raw:
        index_objects([instance])


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
