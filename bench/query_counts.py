"""Print, as JSON, how many queries each benchmarked page takes to render (no page cache):
the first time after a change, when the worker reads the content again, and then with the
content kept in memory.

Run by bench/run.py with the benchmark database's environment.
"""

import json
import os
import sys

import django

os.environ["PAGE_CACHE"] = "0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from guides import published  # noqa: E402


def count(path):
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    return len(queries) if status == 200 else f"status {status}"


client = Client()
counts = {}
for name, path in json.loads(sys.argv[1]).items():
    client.get(path)  # warm: the first request also opens the connection
    published.forget()  # as after a change
    counts[name] = {"after a change": count(path), "kept": count(path)}
print(json.dumps(counts))
