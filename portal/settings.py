"""Settings for the portal, read from environment variables with safe defaults.

Development: `DEBUG=1` gives a throw-away secret key and local hosts.
Production: DEBUG off (the default); SECRET_KEY and ALLOWED_HOSTS must be set.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# Left empty in production when unset, so that commands such as makemigrations work
# without it; the WSGI entry point refuses to serve without one.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

# HTTPS and cookies. In production every request is redirected to HTTPS, cookies are sent
# over HTTPS only, and browsers are told to stay on HTTPS for a year. Behind a proxy that
# ends TLS, set TRUST_X_FORWARDED_PROTO=1 (and make sure the proxy sets the header).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Only behind a proxy that sets X-Real-IP itself (the nginx of deploy/): readers' addresses,
# for rate limits and sign-in lockouts.
TRUST_X_REAL_IP = env_bool("TRUST_X_REAL_IP")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [
    # Submitting a domain to the browsers' HSTS preload list is the domain owner's one-way
    # decision (SECURE_HSTS_PRELOAD=1), not a default of the software.
    "security.W021",
    # portal/i18n_tags.py stands in for Django's "i18n" template library on purpose (the same
    # tags, the same output: tests/test_i18n_tags.py).
    "templates.W003",
]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 60 * 60  # staff sign in again after 12 hours
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "guides.views.csrf_failure"

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it.
    "modeltranslation",
    "guides.admin_config.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The history of every content change, with revert and recovery of deleted items.
    "reversion",
    "guides",
]

MIDDLEWARE = [
    "guides.health.HealthCheckMiddleware",
    "guides.middleware.HeadWithoutBodyMiddleware",
    "guides.middleware.ClientAddressMiddleware",
    "guides.logs.RequestLogMiddleware",
    "guides.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Readers' pages from the cache, before the rest of the stack has to run.
    "guides.pagecache.PageCacheMiddleware",
    # Pages are small but readers' data is dear. Public pages carry no secret to leak
    # (BREACH); the admin's CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    # ETags on every response and 304 answers to conditional requests.
    "django.middleware.http.ConditionalGetMiddleware",
    "guides.middleware.OpenDataMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions (it may read the session) and before CommonMiddleware, which
    # needs the active language to resolve prefixed URLs when appending slashes.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "guides.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with the policy built once.
    "guides.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires: it turns a lockout into its lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin sign-in: five failures for one username from one address lock that pair out for an
# hour. The address is the connection's own REMOTE_ADDR (django-ipware is not installed), so
# a client cannot choose it with X-Forwarded-For.
# A second factor (TOTP, django-otp) for staff: optional, required with ADMIN_REQUIRE_2FA=1.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA")
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Content-Security-Policy (django-csp): only our own files; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    },
}

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        # Django's engine, freeing each page's context once rendered (see the module).
        "BACKEND": "portal.template_backend.DjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "guides.context_processors.languages",
            ],
            # Django's i18n tags, each {% translate "text" %} worked out once per catalogue.
            "libraries": {"i18n": "portal.i18n_tags"},
        },
    },
]

# SQLite in the project folder unless DATABASE_URL names another database,
# e.g. postgres://user@127.0.0.1:5432/portal
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every app server), local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "guides.cache.PortalRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Per process: every page in six languages and both encodings fits (about 400
            # entries of a few KB); beyond that the oldest third goes.
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
# Whole pages for readers (guides/pagecache.py): kept in the cache until content changes,
# at most PAGE_CACHE_SECONDS; browsers and a CDN may keep them for PAGE_MAX_AGE seconds.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(24 * 60 * 60)))
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "300"))
# Without Redis, the worker processes of one machine learn of content changes from this file
# (default: in the temporary directory, named after the database).
CONTENT_VERSION_FILE = os.environ.get("CONTENT_VERSION_FILE", "")
# Each worker keeps the published content in memory until the content version changes
# (guides/published.py): at most ITEMS_IN_MEMORY items, the least recently read domains
# dropped first. CONTENT_IN_MEMORY=0 reads it from the database for every page.
CONTENT_IN_MEMORY = env_bool("CONTENT_IN_MEMORY", True)
ITEMS_IN_MEMORY = int(os.environ.get("ITEMS_IN_MEMORY", "2000"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. The URL prefix (/fr/, /ar/, ...) decides the language of a page;
# French is the manual's language and the fallback for untranslated content.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("ro", _("Romanian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
# The admin's language tabs need jQuery UI; serve our copy rather than a CDN's.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui-1.13.3.min.js"
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

# The licence under which others may reuse the exported content.
CONTENT_LICENCE_NAME = os.environ.get(
    "CONTENT_LICENCE_NAME", "Creative Commons Attribution 4.0 International (CC BY 4.0)"
)
CONTENT_LICENCE_URL = os.environ.get(
    "CONTENT_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names and gzip/brotli copies, served by WhiteNoise (addresses kept: see module).
    "staticfiles": {"BACKEND": "portal.storage.StaticFilesStorage"},
}

# One JSON object per line on standard output, each with the request's id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "guides.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "guides.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Our request log replaces Django's own lines about 4xx answers.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
