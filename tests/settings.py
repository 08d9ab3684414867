"""Settings for the test suite: the real settings, with a test secret and plain static storage."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret-" + "x" * 40)

from portal.settings import *  # noqa: E402,F403

# The manifest needs collectstatic; tests render templates without it.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The API schema tests call the WSGI application as "localhost".
ALLOWED_HOSTS = ["testserver", "localhost"]
# The test client speaks plain HTTP; test_production checks the HTTPS settings themselves.
SECURE_SSL_REDIRECT = False
