"""A page costs the same wherever the server's own calls leave it on the frame stack
(portal/stack_room.py). Counted in page faults, which the machine's noise does not move:
a call past the end of a frame stack chunk maps fresh memory, and touching it faults."""

import resource

import pytest

from portal.wsgi import application

from . import wsgi

pytestmark = pytest.mark.django_db

PAGE = "/fr/brussels/housing/"


def _descend(depth, function):
    """Call `function` from `depth` frames further down the stack, some 75 words a frame."""
    if depth == 0:
        return function()
    return _descend(depth - 1, function)


_descend.__code__ = _descend.__code__.replace(co_stacksize=64)


def page_faults_per_request(depth, requests=4):
    def serve():
        for _ in range(requests):
            status, _headers, _body = wsgi.call(application, PAGE)
            assert status == "200 OK"

    _descend(depth, serve)  # warm up: content read, templates compiled, memory grown
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    _descend(depth, serve)
    return (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / requests


def test_a_page_costs_the_same_from_any_stack_depth(keep_the_test_transaction_open, settings):
    settings.PAGE_CACHE = False  # render the page every time
    # 40 frames of some 75 words: more than a whole 16 KB chunk (2,048 words), so that some
    # depth puts the page's start just before the end of one. Without the room each request
    # gets, pages there fault some 300 times each (about 5 with it).
    faults = {depth: page_faults_per_request(depth) for depth in range(0, 40)}
    assert max(faults.values()) < 30, faults


def test_the_application_answers_as_django_does(keep_the_test_transaction_open, client):
    status, _headers, body = wsgi.call(application, PAGE)
    assert status == "200 OK"
    assert body == client.get(PAGE).content
