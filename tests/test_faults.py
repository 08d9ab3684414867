"""Faults, for real: a PostgreSQL cluster this test owns is stopped under a running server
(pages answer 503 with Retry-After, then recover by themselves), and gunicorn reloads (HUP)
under load without losing a request."""

import glob
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .servers import free_port, production_server

PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1:] or [""]
PG_BIN = Path(PG_BIN[0])
pytestmark = pytest.mark.faults


def as_postgres(*command):
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def cluster():
    if os.geteuid() != 0 or not (PG_BIN / "initdb").exists() or not shutil.which("runuser"):
        if os.environ.get("REQUIRE_FAULT_TESTS"):
            pytest.fail("needs root and PostgreSQL's initdb")
        pytest.skip("needs root and PostgreSQL's initdb")
    data = Path(tempfile.mkdtemp(prefix="portal-pg-"))
    shutil.chown(data, "postgres")
    port = free_port()
    as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"

    def start():
        as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(data / "server.log"),
            "-w",
            "start",
        )

    def stop():
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")

    start()
    as_postgres(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "portal") if (
        PG_BIN / "createdb"
    ).exists() else subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "portal"], check=True
    )
    yield {"url": f"postgres://postgres@127.0.0.1:{port}/portal", "start": start, "stop": stop}
    subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-m",
            "immediate",
            "stop",
        ],
        capture_output=True,
    )
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="module")
def server(cluster, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("faults")
    # One worker, so that what it has in its page cache is known.
    with production_server(workdir, cluster["url"], CONN_MAX_AGE="60", WEB_CONCURRENCY="1") as (
        url,
        process,
    ):
        yield {"url": url, "process": process}


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_database_outage_gives_503_and_the_site_recovers_alone(cluster, server):
    cached = f"{server['url']}/fr/wallonia/housing/"
    page = f"{server['url']}/ar/brussels/health/"
    assert get(cached)[0] == 200
    cluster["stop"]()
    try:
        # Readers still get the pages kept in the cache...
        status, _headers, body = get(cached)
        assert status == 200 and "Logement" in body
        # ...and a page that must come from the database a translated 503, as do staff.
        for headers in ({}, {"Cookie": "sessionid=0123456789abcdefghijklmnopqrstuv"}):
            status, response_headers, body = get(page, **headers)
            assert status == 503
            assert response_headers["Retry-After"] == "30"
            assert '<html lang="ar" dir="rtl">' in body and "Traceback" not in body
        assert get(f"{server['url']}/healthz")[0] == 503
        assert (
            get(f"{server['url']}/admin/", Cookie="sessionid=0123456789abcdefghijklmnopqrstuv")[0]
            == 503
        )
    finally:
        cluster["start"]()
    statuses = []
    for _ in range(20):
        statuses.append(get(page)[0])
        if statuses[-1] == 200:
            break
        time.sleep(0.5)
    assert statuses[-1] == 200, statuses
    assert get(f"{server['url']}/healthz")[0] == 200


def test_a_reload_under_load_loses_no_request(server):
    url = f"{server['url']}/fr/brussels/health/"
    results, stop = [], threading.Event()

    def hammer():
        while not stop.is_set():
            results.append(get(url)[0])

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    server["process"].send_signal(1)  # SIGHUP: new workers, old ones finish their requests
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join()
    print(f"reload under load: {len(results)} requests, {results.count(200)} answered 200")
    assert len(results) > 20 and set(results) == {200}
