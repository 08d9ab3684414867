from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin app with PortalAdminSite (listed in INSTALLED_APPS instead of the admin).

    Kept apart from admin_site.py: an app config module must not import models.
    """

    default_site = "guides.admin_site.PortalAdminSite"
