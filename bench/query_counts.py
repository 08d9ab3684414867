"""Print, as JSON, how many queries each benchmarked page takes to render (no page cache).

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

client = Client()
counts = {}
for name, path in json.loads(sys.argv[1]).items():
    client.get(path)  # warm: the first request also opens the connection
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    counts[name] = len(queries) if status == 200 else f"status {status}"
print(json.dumps(counts))
