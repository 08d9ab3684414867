"""What a page showed is freed once it is rendered, not left for the cyclic garbage collector
(portal/template_backend.py): workers' memory stays flat under large pages."""

import gc
import runpy
import weakref

import pytest
from django.conf import settings
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

pytestmark = pytest.mark.django_db


class Shown:
    def __str__(self):
        return "shown"


@pytest.fixture
def no_cyclic_collection():
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.mark.parametrize("with_request", [False, True])
def test_a_rendered_template_lets_go_of_its_context(no_cyclic_collection, with_request):
    shown = Shown()
    alive = weakref.ref(shown)
    request = RequestFactory().get("/fr/") if with_request else None
    template = engines["django"].from_string("{% for x in items %}{{ x }}{% endfor %}")
    assert template.render({"items": [shown]}, request) == "shown"
    del shown
    assert alive() is None


def test_a_page_lets_go_of_its_items(no_cyclic_collection, settings):
    from guides import published, views

    settings.CONTENT_IN_MEMORY = False  # items read for this page alone
    items = weakref.WeakSet()
    original = published.Published.items_of

    def items_of(self, domain):
        found = original(self, domain)
        items.update(found)
        return found

    published.Published.items_of = items_of
    try:
        # The view itself: the test client keeps copies of every context it sees.
        with translation.override("fr"):
            response = views.domain_page(RequestFactory().get("/fr/"), "brussels", "housing")
        assert response.status_code == 200 and b"<article" in response.content
    finally:
        published.Published.items_of = original
    assert len(items) == 0


def test_workers_are_forked_with_the_application_out_of_the_collectors_reach():
    """gunicorn.conf.py freezes what the master has loaded before each fork, so that the
    workers' collections leave it alone and its memory stays shared with the master."""
    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    gc.unfreeze()
    try:
        config["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > 10_000  # Django and the application, loaded above
    finally:
        gc.unfreeze()
