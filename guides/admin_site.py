from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class PortalAdminSite(AdminSite):
    """Django's admin. With ADMIN_REQUIRE_2FA set, staff also type the code of their
    authenticator app (django-otp, TOTP); otherwise a second factor is theirs to add."""

    site_header = _("Portal administration")
    site_title = _("Portal administration")

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.ADMIN_REQUIRE_2FA else AdminAuthenticationForm

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.ADMIN_REQUIRE_2FA else None

    def get_urls(self):
        from django.urls import path

        from . import admin_translations as views

        def page(view):
            return self.admin_view(lambda request: view(self, request))

        return [
            path("translations/", page(views.status_view), name="translation-status"),
            path("translations/export/", page(views.export_view), name="translation-export"),
            path("translations/import/", page(views.import_view), name="translation-import"),
            *super().get_urls(),
        ]

    def has_permission(self, request):
        allowed = super().has_permission(request)
        if allowed and settings.ADMIN_REQUIRE_2FA:
            return request.user.is_verified()
        return allowed
