"""One request through a WSGI application in the test process, as a server makes it (with
the conftest fixture keep_the_test_transaction_open, so that the test's database
transaction survives the request)."""

import io
import sys


def call(application, path, method="GET"):
    """(status, headers, body) of `method` `path` on `application`."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
    }
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    body = b"".join(application(environ, start_response))
    return started["status"], started["headers"], body
