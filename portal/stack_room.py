"""Room on the interpreter's frame stack for each request, so that how fast a page renders
does not depend on where the server's own calls leave it.

CPython (3.11 here) keeps Python frames in chunks of 16 KB: a call that goes past the end of
a chunk maps a new one from the system, and its return unmaps it. Rendering a template goes
a hundred calls deep and back many times a page; when a request starts a little before the
end of a chunk, every one of those descents maps and unmaps one, and touches fresh memory
each time. Under gunicorn one domain page did so 114 times and took 4.1 ms of CPU instead
of 3.1; the same page in another process, whose calls happen to start elsewhere, did not.

`with_stack_room` runs the application from a frame that asks for more stack than a chunk
holds: CPython maps that frame a chunk of its own (128 KB), and the request's calls fit in
what is left of it (a page needs about 15 KB). One chunk a request, mapped once; only the
pages the calls reach are ever touched.
"""

# The frame's own reservation, in words (8 bytes): more than a standard chunk holds (2,048),
# so CPython gives it a new chunk, sized 8 x (8,192 + 1,000) bytes rounded up to 128 KB,
# which leaves about 64 KB for the calls made from it.
RESERVED_WORDS = 8192


def _call(function, *args):
    return function(*args)


# A frame's size is its code's locals plus its evaluation stack: enlarge the stack.
_call.__code__ = _call.__code__.replace(co_stacksize=_call.__code__.co_stacksize + RESERVED_WORDS)


def with_stack_room(application):
    """The WSGI application, run from a frame with room for a whole request."""

    def application_with_stack_room(environ, start_response):
        return _call(application, environ, start_response)

    application_with_stack_room.__wrapped__ = application
    return application_with_stack_room
