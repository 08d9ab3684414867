import pytest
from django.contrib.auth.models import User
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections

from guides import published
from guides.content import load_content

LANGUAGES = ["fr", "nl", "en", "ar", "ro", "es"]
REGIONS = ["flanders", "wallonia", "brussels"]
DOMAINS = ["employment", "education", "health", "housing", "social-assistance"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the real content, loaded once from the fixtures."""
    with django_db_blocker.unblock():
        load_content()


@pytest.fixture
def staff_client(client, db):
    user = User.objects.create_superuser("admin", "admin@example.org", "a-long-test-password")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache and reads content afresh: pages cached and
    content kept in memory by one test, from content it changed and rolled back, must not
    be served to the next."""
    cache.clear()
    published.forget()


@pytest.fixture
def keep_the_test_transaction_open():
    """Calling a WSGI application directly would close the database connection after each
    request (and with it the test's transaction); Django's test client avoids this the same
    way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
