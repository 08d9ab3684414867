#!/usr/bin/env python3
"""Runs the production set-up outside containers and proves, with figures, that it holds.

Two gunicorn app servers (A and B) with the repository's gunicorn.conf.py, DEBUG off, one
PostgreSQL database and one Redis cache, and nginx in front of them, configured from
deploy/nginx/ like the compose set-up. It checks that:

1. every kind of page answers 200 through nginx in all six languages, with the API, the
   sitemap and static files (served by nginx itself, cached for a year);
2. a change saved in the admin on A shows at once on B;
3. stopping A (graceful SIGTERM) under a steady stream of requests loses none of them, and
   A is back in rotation once started again;
4. reloading an app server (SIGHUP) under load loses no request.

Needs: Debian's nginx, PostgreSQL on 127.0.0.1:5432 (user postgres, trust), Redis on
127.0.0.1:6379 (only its database 14 is used, and flushed) and the project's virtualenv
with the postgres and redis extras. It installs nothing, talks to loopback only, creates
the database portal_cluster_check and drops it at the end, and stops everything it started,
on failure too.

    .venv/bin/python deploy/check_cluster.py [--keep]
"""

import argparse
import atexit
import gzip
import html
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX_DIR = ROOT / "deploy" / "nginx"
BIN = Path(sys.executable).parent
DB_NAME = "portal_cluster_check"
POSTGRES = os.environ.get("CHECK_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 14
LANGUAGES = ["fr", "nl", "en", "ar", "ro", "es"]
REGIONS = ["flanders", "wallonia", "brussels"]
TIME_LIMIT = 180  # seconds for the checks; stopping everything afterwards takes < 1 min
HEALTH_WAIT = 30
APP_SETTINGS = (
    "PAGE_",
    "ADMIN_",
    "GUNICORN_",
    "SECURE_",
    "TRUST_",
    "CONTENT_LICENCE_",
    "CONN_MAX_AGE",
    "FORWARDED_ALLOW_IPS",
    "LOG_LEVEL",
    "WEB_CONCURRENCY",
    "DJANGO_",
    "PORT",
)


class CheckFailed(Exception):
    pass


def log(message):
    print(message, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------------------------
# HTTP, with the standard library only.


class Response:
    def __init__(self, status, headers, body, elapsed):
        self.status, self.headers, self.body, self.elapsed = status, headers, body, elapsed

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, *, data=None, headers=None, timeout=10):
    """One request on a new connection; never follows redirects; never raises on a status."""
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers or {})
    started = time.monotonic()
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return Response(
                response.status, response.headers, response.read(), time.monotonic() - started
            )
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read(), time.monotonic() - started)


def wait_healthy(base, process=None, timeout=HEALTH_WAIT):
    """Until /healthz answers 200 (database and cache reachable)."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise CheckFailed(f"{base}: the process ended with {process.returncode}")
        try:
            response = fetch(f"{base}/healthz", timeout=2)
            if response.status == 200:
                return
            last = f"status {response.status}"
        except OSError as error:
            last = str(error)
        time.sleep(0.1)
    raise CheckFailed(f"{base}/healthz not healthy after {timeout} s ({last})")


# ---------------------------------------------------------------------------------------
# The cluster: database, cache, app servers and nginx, all cleaned up at the end.


WATCHDOG = """
import os, signal, sys, time
parent, groups = int(sys.argv[1]), sys.argv[2]
while os.getppid() == parent:
    time.sleep(0.5)
try:
    with open(groups) as file:
        leaders = [int(line) for line in file if line.strip()]
except OSError:
    leaders = []
for leader in leaders:
    try:
        os.killpg(leader, signal.SIGKILL)
    except OSError:
        pass
"""


class Cluster:
    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.static_root = self.workdir / "www" / "static"
        self.nginx_dir = self.workdir / "nginx"
        self.ports = {"a": free_port(), "b": free_port()}
        self.nginx_port = free_port()
        self.processes = {}  # name -> Popen (each the leader of its own process group)
        self.starts = {"a": 0, "b": 0}
        self.database_created = False
        self.cleaned = False
        self.watchdog = None
        self.env = {
            # Nothing from the caller's environment that the app or gunicorn would read.
            **{k: v for k, v in os.environ.items() if not k.startswith(APP_SETTINGS)},
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{POSTGRES}/{DB_NAME}",
            "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
            "STATIC_ROOT": str(self.static_root),
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "TRUST_X_FORWARDED_PROTO": "1",
            "TRUST_X_REAL_IP": "1",
            "WEB_CONCURRENCY": "2",
            "PYTHONUNBUFFERED": "1",
        }

    def url(self, name):
        port = self.nginx_port if name == "nginx" else self.ports[name]
        return f"http://127.0.0.1:{port}"

    # -- database and cache ---------------------------------------------------------------

    def _postgres(self, statement):
        import psycopg2

        connection = psycopg2.connect(f"{POSTGRES}/postgres", connect_timeout=5)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    def _flush_redis(self):
        import redis

        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, socket_timeout=5).flushdb()

    def manage(self, *args, env=None, timeout=180):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise CheckFailed(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def set_up(self):
        started = time.monotonic()
        self._flush_redis()
        self._postgres(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        self._postgres(f'CREATE DATABASE "{DB_NAME}"')
        self.database_created = True
        self.manage("migrate", "--noinput", "-v0")
        loaded = self.manage("load_content", "--only-new").strip()
        self.manage("collectstatic", "--noinput", "-v0")
        # nginx's workers run as another user when it is started as root: let them read.
        for directory in (self.workdir, self.workdir / "www", self.static_root):
            directory.chmod(0o755)
        for path in self.static_root.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        files = sum(1 for path in self.static_root.rglob("*") if path.is_file())
        log(
            f"   set-up: database {DB_NAME} migrated; {loaded} "
            f"{files} static files collected ({time.monotonic() - started:.1f} s)"
        )

    # -- processes ------------------------------------------------------------------------

    def _spawn(self, name, command, stdout, stderr):
        # Its own process group, killed whole at the end (or by the watchdog).
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
        self.processes[name] = process
        with open(self.workdir / "groups", "a") as groups:
            groups.write(f"{process.pid}\n")
        return process

    def start_watchdog(self):
        """A process of its own that kills every group started here if this script dies
        without cleaning up (SIGKILL, say); stopped by the clean-up otherwise."""
        self.watchdog = subprocess.Popen(
            [sys.executable, "-c", WATCHDOG, str(os.getpid()), str(self.workdir / "groups")],
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def app_log(self, name, start=None):
        return self.workdir / f"app-{name}-{start or self.starts[name]}.out"

    def start_app(self, name):
        self.starts[name] += 1
        stdout = open(self.app_log(name), "wb")
        stderr = open(self.workdir / f"app-{name}-{self.starts[name]}.err", "wb")
        command = [
            str(BIN / "gunicorn"),
            "portal.wsgi",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{self.ports[name]}",
        ]
        with stdout, stderr:
            process = self._spawn(name, command, stdout, stderr)
        wait_healthy(self.url(name), process)
        return process

    def stop(self, name, sig=signal.SIGTERM, timeout=40):
        """Signal the process (gunicorn: graceful shutdown) and wait for it; kill if late."""
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.kill(process.pid, sig)
            process.wait(timeout=timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        self._kill_group(process)

    @staticmethod
    def _kill_group(process):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def nginx_command(self, *extra):
        conf = self.nginx_dir / "nginx.conf"
        return [
            shutil.which("nginx") or "/usr/sbin/nginx",
            "-p",
            str(self.nginx_dir),
            "-c",
            str(conf),
            "-e",
            str(self.nginx_dir / "error.log"),
            *extra,
        ]

    def write_nginx_conf(self):
        """nginx.conf for a user's folder; the site itself from deploy/nginx/, as in compose."""
        self.nginx_dir.mkdir(mode=0o755)
        template = (NGINX_DIR / "templates" / "portal.conf.template").read_text()
        values = {
            "PORTAL_LISTEN": f"127.0.0.1:{self.nginx_port}",
            "PORTAL_DOCUMENT_ROOT": str(self.static_root.parent),
            "PORTAL_PUBLIC_SCHEME": "",
            "PORTAL_ACCESS_LOG": str(self.nginx_dir / "access.log"),
        }
        (self.nginx_dir / "portal.conf").write_text(render_template(template, values))
        (self.nginx_dir / "upstream.conf").write_text(
            local_upstream((NGINX_DIR / "upstream.conf").read_text(), self.ports)
        )
        tmp = self.nginx_dir
        (self.nginx_dir / "nginx.conf").write_text(f"""\
# Written by deploy/check_cluster.py; the http part mirrors the official nginx image.
worker_processes 2;
pid {tmp}/nginx.pid;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include upstream.conf;
    include portal.conf;
}}
""")
        result = subprocess.run(
            self.nginx_command("-t", "-q"), capture_output=True, text=True, timeout=30
        )
        if result.returncode != 0:
            raise CheckFailed(f"nginx refuses the configuration:\n{result.stderr}")

    def start_nginx(self):
        self.write_nginx_conf()
        with open(self.nginx_dir / "nginx.out", "wb") as out:
            process = self._spawn(
                "nginx", self.nginx_command("-g", "daemon off;"), out, subprocess.STDOUT
            )
        wait_healthy(self.url("nginx"), process)

    def access_log(self, offset=0):
        """The nginx access log's JSON entries from a byte offset, and the end offset."""
        with open(self.nginx_dir / "access.log", "rb") as file:
            file.seek(offset)
            data = file.read()
        data = data[: data.rfind(b"\n") + 1]  # whole lines only; nginx may be writing one
        entries = [json.loads(line) for line in data.decode().splitlines() if line.strip()]
        return entries, offset + len(data)

    def log_size(self):
        return (self.nginx_dir / "access.log").stat().st_size

    def worker_pids(self, name):
        master = self.processes[name].pid
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.append(int(stat.parent.name))
        return sorted(children)

    def memory_mb(self, name):
        """Proportional memory (PSS) of an app server: its master and workers, in MB."""
        total = 0
        for pid in [self.processes[name].pid, *self.worker_pids(name)]:
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            total += int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.M).group(1))
        return total / 1024

    def clean_up(self):
        if self.cleaned:
            return
        self.cleaned = True
        for name in list(self.processes):
            # nginx: QUIT is its graceful stop; gunicorn: TERM.
            self.stop(name, signal.SIGQUIT if name == "nginx" else signal.SIGTERM, timeout=10)
        if self.watchdog is not None:
            self.watchdog.kill()
            self.watchdog.wait()
        if self.database_created:
            try:
                self._postgres(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            except Exception as error:  # report, and go on cleaning
                log(f"   clean-up: could not drop {DB_NAME}: {error}")
        try:
            self._flush_redis()
        except Exception as error:
            log(f"   clean-up: could not flush Redis database {REDIS_DB}: {error}")


def render_template(text, values):
    """What the nginx image's envsubst does with ${PORTAL_...} names; nothing else changes."""

    def value(match):
        if match.group(1) not in values:
            raise CheckFailed(f"portal.conf.template: no value for {match.group(1)}")
        return values[match.group(1)]

    return re.sub(r"\$\{(PORTAL_[A-Z_]+)\}", value, text)


def local_upstream(text, ports):
    """deploy/nginx/upstream.conf with the local app servers for compose's app-a and app-b.
    Debian's nginx (1.22) resolves names only at start, so "resolve" and its resolver go."""
    lines = []
    for line in text.splitlines():
        if line.strip().startswith("resolver "):
            continue
        for name, port in ports.items():
            line = line.replace(f"app-{name}:8000", f"127.0.0.1:{port}")
        lines.append(re.sub(r"\s+resolve;", ";", line))
    result = "\n".join(lines) + "\n"
    for port in ports.values():
        if f"127.0.0.1:{port}" not in result:
            raise CheckFailed("deploy/nginx/upstream.conf no longer names app-a and app-b")
    return result


# ---------------------------------------------------------------------------------------
# A steady stream of requests through nginx.


class Load:
    """`threads` clients, each making one request after another until stopped."""

    def __init__(self, base, paths, threads=4):
        self.base, self.paths, self.threads = base, paths, threads
        self.results = []  # (monotonic time, status or error text, path)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.workers = []

    def _run(self, offset):
        index = offset
        while not self.stopping.is_set():
            path = self.paths[index % len(self.paths)]
            index += 1
            try:
                status = fetch(self.base + path, timeout=15).status
            except OSError as error:
                status = f"{type(error).__name__}: {error}"
            with self.lock:
                self.results.append((time.monotonic(), status, path))

    def __enter__(self):
        for number in range(self.threads):
            worker = threading.Thread(target=self._run, args=(number * 3,), daemon=True)
            worker.start()
            self.workers.append(worker)
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for worker in self.workers:
            worker.join(timeout=20)

    @property
    def failures(self):
        return [result for result in self.results if result[1] != 200]

    def count(self):
        with self.lock:
            return len(self.results)


def served_by(entries, cluster):
    """Requests per app server in nginx's log entries (the last upstream tried answered)."""
    names = {f"127.0.0.1:{port}": name.upper() for name, port in cluster.ports.items()}
    counts = {"A": 0, "B": 0, "nginx": 0, "retried": 0}
    for entry in entries:
        upstreams = [u.strip() for u in entry["upstream"].split(",") if u.strip()]
        if not upstreams:  # nginx answered itself (a static file)
            counts["nginx"] += 1
            continue
        answered = names.get(upstreams[-1], upstreams[-1])
        counts[answered] = counts.get(answered, 0) + 1
        counts["retried"] += len(upstreams) > 1
    return counts


# ---------------------------------------------------------------------------------------
# The checks.


def check_pages(cluster, state):
    """1. Every page type, in every language, answers 200 through nginx."""
    base = cluster.url("nginx")
    domains = json.loads(fetch(f"{base}/api/v1/domains?lang=fr").body)
    slugs = [domain["slug"] for domain in domains]
    if not slugs:
        raise CheckFailed("the API lists no domain")
    offset = cluster.log_size()
    pages = []
    for lang in LANGUAGES:
        names = {
            d["slug"]: d["name"]
            for d in json.loads(fetch(f"{base}/api/v1/domains?lang={lang}").body)
        }
        first = slugs[0]
        word = urllib.parse.quote(names[slugs[3 % len(slugs)]].split()[0])
        pages += [
            ("home", f"/{lang}/"),
            ("about", f"/{lang}/about/"),
            ("accessibility", f"/{lang}/accessibility/"),
            ("catalogue", f"/{lang}/practices/"),
            ("catalogue filtered", f"/{lang}/practices/?domain={first}&region=brussels"),
            ("search", f"/{lang}/search/?q={word}"),
            ("handout", f"/{lang}/brussels/{first}/handout/"),
            ("feedback form", f"/{lang}/wallonia/{first}/feedback/"),
        ]
        pages += [("region", f"/{lang}/{region}/") for region in REGIONS]
        pages += [("domain", f"/{lang}/{region}/{slug}/") for region in REGIONS for slug in slugs]
    pages += [
        ("api", "/api/v1/regions"),
        ("api", "/api/v1/domains?lang=ar"),
        ("api", f"/api/v1/domains/{slugs[0]}?lang=nl&region=flanders"),
        ("api", "/api/v1/items?lang=es&kind=practice"),
        ("api", "/api/v1/openapi.json"),
        ("sitemap", "/sitemap.xml"),
        ("robots", "/robots.txt"),
        ("export", "/export/content.json"),
    ]
    failures, kinds, caching, started = [], {}, {}, time.monotonic()
    with_cookie, varies = 0, set()
    for kind, path in pages:
        response = fetch(base + path)
        ok = response.status == 200 and response.body
        lang = path.split("/")[1]
        if ok and lang in LANGUAGES and f'<html lang="{lang}"' not in response.text:
            ok = False
        # Readers' pages set no cookie: a CDN may keep them.
        if response.headers.get("Set-Cookie"):
            ok, with_cookie = False, with_cookie + 1
        varies.add(response.headers.get("Vary", "none"))
        policy = response.headers.get("Cache-Control", "none")
        caching.setdefault(policy, set()).add(kind)
        kinds.setdefault(kind, [0, 0])
        kinds[kind][0] += 1
        kinds[kind][1] += bool(ok)
        if not ok:
            cookie = " Set-Cookie" if response.headers.get("Set-Cookie") else ""
            failures.append(f"{path}: {response.status}{cookie}")
    elapsed = time.monotonic() - started

    # A static file: from nginx's disk (no app request id), gzip copy, cached for a year.
    manifest = json.loads((cluster.static_root / "staticfiles.json").read_text())
    css = "/static/" + manifest["paths"]["css/site.css"]
    static = fetch(base + css, headers={"Accept-Encoding": "gzip"})
    static_ok = (
        static.status == 200
        and "max-age=31536000" in static.headers.get("Cache-Control", "")
        and static.headers.get("Content-Encoding") == "gzip"
        and "Accept-Encoding" in static.headers.get("Vary", "")
        and static.headers.get("X-Content-Type-Options") == "nosniff"
        and "X-Request-ID" not in static.headers
        and gzip.decompress(static.body)
    )
    if not static_ok:
        failures.append(f"{css}: {static.status} {dict(static.headers)}")
    kinds["static (nginx)"] = [1, int(bool(static_ok))]
    entries, _ = cluster.access_log(offset)
    split = served_by(entries, cluster)
    total = sum(n for n, _ in kinds.values())
    good = sum(n for _, n in kinds.values())
    detail = ", ".join(f"{kind} {ok}/{n}" for kind, (n, ok) in kinds.items())
    log(
        f"   {good}/{total} answered 200 in {elapsed:.1f} s ({len(LANGUAGES)} languages, "
        f"{len(REGIONS)} regions, {len(slugs)} domains): {detail}"
    )
    log(
        f"   served by A {split['A']}, B {split['B']}, nginx from disk {split['nginx']}; "
        f"static {css} gzip {len(static.body)} B, Cache-Control "
        f"'{static.headers.get('Cache-Control')}'"
    )
    log(
        f"   memory (PSS, master and {len(cluster.worker_pids('a'))} workers): "
        f"A {cluster.memory_mb('a'):.0f} MB, B {cluster.memory_mb('b'):.0f} MB"
    )
    for policy, policy_kinds in sorted(caching.items()):
        log(f"   Cache-Control '{policy}': {', '.join(sorted(policy_kinds))}")
    log(f"   pages that set a cookie: {with_cookie}; Vary: {' | '.join(sorted(varies))}")
    for failure in failures[:10]:
        log(f"   FAILED {failure}")
    if failures:
        raise CheckFailed(f"{len(failures)} of {total} requests failed")
    if not split["A"] or not split["B"]:
        raise CheckFailed("nginx did not use both app servers")
    return f"{good}/{total} 200 in 6 languages; A {split['A']} / B {split['B']}"


class FormFields(HTMLParser):
    """Every field of one form as the browser would send it (submit buttons left out)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.in_form = form_id, False
        self.fields = []  # (name, value), in order, repeated names kept
        self.textarea = self.select = None
        self.select_options = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select, self.select_options = name, []
            self.multiple = "multiple" in attrs
        elif tag == "option" and self.select:
            self.select_options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea is not None:
            value = self.textarea[1]
            # The browser drops one newline right after <textarea>.
            self.fields.append((self.textarea[0], value[1:] if value.startswith("\n") else value))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.select_options if selected]
            if not chosen and not self.multiple and self.select_options:
                chosen = [self.select_options[0][0]]
            self.fields += [(self.select, value) for value in chosen]
            self.select = None


class Browser:
    """Cookies kept by hand: the session and CSRF cookies are Secure, and this is plain
    HTTP on loopback, where urllib's cookie jar would hold them back."""

    def __init__(self, base):
        self.base, self.cookies = base, {}

    def request(self, path, data=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if data is not None:
            headers |= {"Origin": self.base, "Referer": self.base + path}
        response = fetch(self.base + path, data=data, headers=headers)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response


# An item shown on every region's page of its domain, with a French title; all its fields.
ITEM_STATE = """
import json
from django.forms.models import model_to_dict
from guides.models import Item
items = Item.objects.select_related("domain").order_by("domain__order", "order")
pk = {pk}
item = items.get(pk=pk) if pk else items.filter(regions__isnull=True).exclude(title_fr="")[0]
fields = model_to_dict(item)
fields["regions"] = sorted(region.pk for region in fields["regions"])
print(json.dumps({{"pk": item.pk, "domain": item.domain.slug, "title": item.title_fr,
                  "fields": fields}}))
"""


def item_state(cluster, pk=None):
    output = cluster.manage("shell", "-c", ITEM_STATE.format(pk=pk or 0))
    return json.loads(output.strip().splitlines()[-1])


def sign_in(cluster, name, password):
    """An admin session on one server (or through nginx); the Browser that holds it."""
    admin = Browser(cluster.url(name))
    login = admin.request("/admin/login/?next=/admin/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
    if login.status != 200 or not token:
        raise CheckFailed(f"admin sign-in page on {name}: {login.status}")
    admin.signed_in = admin.request(
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": "cluster-check",
            "password": password,
            "next": "/admin/",
        },
    )
    if admin.signed_in.status != 302 or "sessionid" not in admin.cookies:
        raise CheckFailed(f"admin sign-in on {name} failed: {admin.signed_in.status}")
    return admin


def check_editor_change(cluster, state):
    """2. A change saved in the admin on A is on B's page at once."""
    found = item_state(cluster)
    page = f"/fr/brussels/{found['domain']}/"
    before = [fetch(cluster.url("b") + page) for _ in range(2)]
    if any(r.status != 200 or html.escape(found["title"]) not in r.text for r in before):
        raise CheckFailed(f"B's {page} does not show the item before the change")

    password = secrets.token_urlsafe(24)
    cluster.manage(
        "createsuperuser",
        "--noinput",
        "--username",
        "cluster-check",
        "--email",
        "cluster-check@example.org",
        env={"DJANGO_SUPERUSER_PASSWORD": password},
    )
    admin = sign_in(cluster, "a", password)

    change = f"/admin/guides/item/{found['pk']}/change/"
    form = admin.request(change)
    parser = FormFields("item_form")
    parser.feed(form.text)
    fields = parser.fields
    names = {name for name, _ in fields}
    if form.status != 200 or not {"title_fr", "text_fr", "domain", "csrfmiddlewaretoken"} <= names:
        raise CheckFailed(f"admin change form on A: {form.status}, fields {sorted(names)}")
    marker = f"verified {secrets.token_hex(4)}"
    new_title = f"{found['title'][: 255 - len(marker) - 1]} {marker}"
    data = [(name, new_title if name == "title_fr" else value) for name, value in fields]
    data.append(("_save", "Save"))
    saved = admin.request(change, data)
    saved_at = time.monotonic()
    if saved.status != 302:
        errors = re.findall(r'<ul class="errorlist[^>]*>(.*?)</ul>', saved.text, re.S)
        raise CheckFailed(f"saving the item on A answered {saved.status}: {errors[:3]}")

    after = fetch(cluster.url("b") + page)
    visible_at = time.monotonic()
    fresh = after.status == 200 and marker in after.text
    # The form went back whole: nothing but the French title changed.
    stored = item_state(cluster, found["pk"])["fields"]
    changed = sorted(k for k in stored if stored[k] != found["fields"].get(k))
    through_nginx = [fetch(cluster.url("nginx") + page) for _ in range(4)]
    everywhere = all(r.status == 200 and marker in r.text for r in through_nginx)
    log(
        f"   item {found['domain']}/{found['pk']} retitled in French through A's admin form "
        f"({len(fields)} fields sent back, save {saved.elapsed * 1000:.0f} ms); "
        f"fields changed in the database: {', '.join(changed)}"
    )
    log(
        f"   B's {page} before: 2 answers {before[0].elapsed * 1000:.0f} ms then "
        f"{before[1].elapsed * 1000:.0f} ms; right after the save: "
        f"{'new title' if fresh else 'OLD TITLE'}, {(visible_at - saved_at) * 1000:.0f} ms "
        f"from save to visible; through nginx {sum(marker in r.text for r in through_nginx)}/4"
    )
    # Editors normally come through nginx: sign-in (CSRF, Host, Origin) works through it,
    # and the session, kept in the database, is good on both app servers.
    proxied = sign_in(cluster, "nginx", password)
    session = {"Cookie": f"sessionid={proxied.cookies['sessionid']}"}
    admin_pages = [fetch(cluster.url(name) + "/admin/", headers=session) for name in "ab"]
    log(
        f"   sign-in through nginx: {proxied.signed_in.status}; that session on A and B: "
        f"/admin/ {' and '.join(str(r.status) for r in admin_pages)}"
    )
    if changed != ["title", "title_fr"] or stored["title_fr"] != new_title:
        raise CheckFailed(f"the admin form round trip changed {changed}")
    if not fresh:
        raise CheckFailed("B served the page without the change just saved on A")
    if any(r.status != 200 for r in admin_pages):
        raise CheckFailed("a session opened through nginx is not good on both app servers")
    if not everywhere:
        raise CheckFailed("nginx served the page without the change just saved on A")
    return f"visible on B {(visible_at - saved_at) * 1000:.0f} ms after the save on A"


LOAD_PATHS = [
    "/fr/",
    "/nl/brussels/",
    "/fr/brussels/housing/",
    "/ar/wallonia/health/",
    "/en/flanders/employment/",
    "/api/v1/domains?lang=ro",
    "/es/about/",
    "/fr/search/?q=logement",
    "/ro/practices/",
    "/nl/search/?q=werk",
]


def check_stop_instance(cluster, state):
    """3. Stopping A under load loses no request; started again, A is back in rotation."""
    offset = cluster.log_size()
    with Load(cluster.url("nginx"), LOAD_PATHS) as load:
        time.sleep(1.5)
        sent_at_term, term_at = load.count(), time.monotonic()
        process = cluster.processes["a"]
        cluster.stop("a", signal.SIGTERM)
        stopped_in = time.monotonic() - term_at
        if process.returncode != 0:
            raise CheckFailed(f"A did not stop cleanly on SIGTERM: {process.returncode}")
        time.sleep(1.5)
    entries, offset = cluster.access_log(offset)
    during = served_by(entries, cluster)
    after_term = [r for r in load.results if r[0] >= term_at]
    log(
        f"   {len(load.results)} requests by 4 clients in "
        f"{load.results[-1][0] - load.results[0][0]:.1f} s; SIGTERM to A after {sent_at_term}; "
        f"A stopped in {stopped_in:.2f} s; {len(after_term)} requests after the SIGTERM; "
        f"non-200: {len(load.failures)}"
    )
    log(
        f"   nginx: A answered {during['A']}, B {during['B']}, {during['retried']} passed on "
        f"from A to B"
    )
    lost = load.failures

    restart_at = time.monotonic()
    cluster.start_app("a")
    started_in = time.monotonic() - restart_at
    offset = cluster.log_size()
    back_in = None
    with Load(cluster.url("nginx"), LOAD_PATHS) as again:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            time.sleep(0.25)
            if served_by(cluster.access_log(offset)[0], cluster)["A"] >= 20:
                back_in = time.monotonic() - restart_at
                break
        time.sleep(1)
    entries, _ = cluster.access_log(offset)
    split = served_by(entries, cluster)
    app_lines = sum(
        1 for line in cluster.app_log("a").read_text().splitlines() if '"gunicorn.access"' in line
    )
    log(
        f"   A started again (healthy in {started_in:.1f} s): of {len(again.results)} requests "
        f"A answered {split['A']}, B {split['B']}; A's own access log: {app_lines} lines; "
        f"non-200: {len(again.failures)}"
    )
    for result in (lost + again.failures)[:10]:
        log(f"   FAILED {result[2]}: {result[1]}")
    if lost or again.failures:
        raise CheckFailed(f"{len(lost) + len(again.failures)} requests failed")
    if back_in is None or app_lines == 0:
        raise CheckFailed("A did not come back into rotation")
    return (
        f"{len(load.results)} requests, 0 lost across A's stop; A back in rotation "
        f"{back_in:.1f} s after restart"
    )


def check_reload(cluster, state):
    """4. Reloading an app server (SIGHUP: new workers, then the old ones retire) under load
    loses no request."""
    before = cluster.worker_pids("b")
    offset = cluster.log_size()
    with Load(cluster.url("nginx"), LOAD_PATHS) as load:
        time.sleep(1)
        hup_at = time.monotonic()
        os.kill(cluster.processes["b"].pid, signal.SIGHUP)
        after, replaced_in = before, None
        while time.monotonic() < hup_at + 20:
            time.sleep(0.1)
            after = cluster.worker_pids("b")
            if after and not set(after) & set(before) and len(after) == len(before):
                replaced_in = time.monotonic() - hup_at
                break
        time.sleep(1.5)
    entries, _ = cluster.access_log(offset)
    split = served_by(entries, cluster)
    log(
        f"   {len(load.results)} requests by 4 clients; SIGHUP to B: workers {before} -> "
        f"{after}" + (f" in {replaced_in:.1f} s" if replaced_in is not None else " (NOT replaced)")
    )
    log(f"   nginx: A answered {split['A']}, B {split['B']}; non-200: {len(load.failures)}")
    for result in load.failures[:10]:
        log(f"   FAILED {result[2]}: {result[1]}")
    if replaced_in is None:
        raise CheckFailed("B's workers were not replaced after SIGHUP")
    if load.failures:
        raise CheckFailed(f"{len(load.failures)} requests failed")
    if not split["B"]:
        raise CheckFailed("B answered nothing around its reload")
    return f"{len(load.results)} requests, 0 lost across B's reload"


# ---------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs)")
    args = parser.parse_args()

    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        log("nginx not found: apt-get install nginx")
        return 2

    started = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="portal-cluster-")
    cluster = Cluster(workdir)
    cluster.start_watchdog()
    atexit.register(cluster.clean_up)

    def stop_now(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    def too_long(_signum, _frame):
        raise CheckFailed(f"the run took more than {TIME_LIMIT} s")

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop_now)
    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(TIME_LIMIT)

    checks = [
        ("1", "every page, 6 languages, through nginx", check_pages),
        ("2", "admin change on A visible on B at once", check_editor_change),
        ("3", "stop A under load: no request lost", check_stop_instance),
        ("4", "reload (HUP) B under load: none lost", check_reload),
    ]
    results = []
    try:
        log(
            f"Cluster check: nginx :{cluster.nginx_port} -> A :{cluster.ports['a']}, "
            f"B :{cluster.ports['b']} (work folder {workdir})"
        )
        cluster.set_up()
        cluster.start_app("a")
        cluster.start_app("b")
        cluster.start_nginx()
        log(
            f"   running: A {cluster.worker_pids('a')}, B {cluster.worker_pids('b')} "
            f"(gunicorn workers), nginx; ready {time.monotonic() - started:.1f} s after start"
        )
        state = {}
        for number, title, run in checks:
            log(f"{number}. {title}")
            check_started = time.monotonic()
            try:
                figures = run(cluster, state)
                results.append((number, title, "ok", figures, time.monotonic() - check_started))
            except CheckFailed as error:
                log(f"   FAILED: {error}")
                results.append(
                    (
                        number,
                        title,
                        "FAILED",
                        str(error).splitlines()[0][:70],
                        time.monotonic() - check_started,
                    )
                )
    except (CheckFailed, KeyboardInterrupt) as error:
        log(f"Stopped: {error}")
        results.append(("-", "run", "FAILED", str(error).splitlines()[0][:70], 0))
    finally:
        signal.alarm(0)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # let the clean-up finish
        cluster.clean_up()
        if args.keep:
            log(f"Logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    total = time.monotonic() - started
    log("")
    log(f"{'#':<2} {'check':<42} {'result':<7} {'time':>6}  figures")
    for number, title, status, figures, seconds in results:
        log(f"{number:<2} {title:<42} {status:<7} {seconds:>5.1f}s  {figures}")
    failed = [r for r in results if r[2] != "ok"] or len(results) < len(checks)
    log(
        f"{'cluster check ' + ('FAILED' if failed else 'passed')} in {total:.1f} s; "
        f"database {DB_NAME} dropped, Redis db {REDIS_DB} flushed, all processes stopped"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
