"""Production settings: Django's deployment checks pass, and bad configurations refuse to run."""

import os
import secrets
import subprocess
import sys
import urllib.request

import pytest
from django.conf import settings

from .servers import production_server

ROOT = settings.BASE_DIR


def run(command, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(DJANGO_SETTINGS_MODULE="portal.settings", **env)
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)


def test_deploy_checks_pass_with_production_settings():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr


def test_the_application_refuses_to_serve_without_a_secret_key():
    result = run([sys.executable, "-c", "import portal.wsgi"], ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_gunicorn_refuses_to_start_with_debug_on():
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    result = run(
        [gunicorn, "portal.wsgi", "-c", "gunicorn.conf.py", "--bind", "127.0.0.1:0"],
        DEBUG="1",
        SECRET_KEY=secrets.token_urlsafe(64),
    )
    assert result.returncode != 0
    assert "DEBUG is on" in result.stdout + result.stderr


@pytest.mark.parametrize("page_cache", ["1", "0"])
def test_without_redis_every_worker_sees_an_editors_change_at_once(tmp_path, page_cache):
    """Each gunicorn worker keeps its own page cache and content in local memory; a change
    saved by any process (here a management shell, like another worker's admin) retires
    them all. Without the page cache, what the workers keep of the content alone is tried."""
    database = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    server = production_server(tmp_path, database, WEB_CONCURRENCY="3", PAGE_CACHE=page_cache)
    with server as (url, _process):
        page = f"{url}/fr/brussels/housing/"

        def read_many():
            return [urllib.request.urlopen(page, timeout=10).read().decode() for _ in range(30)]

        assert all("Travail bénévole" in body for body in read_many())
        change = (
            "from guides.models import Item; "
            "item = Item.objects.get(domain__slug='housing', slug='volunteer-work'); "
            "item.title_fr = 'Bénévolat, titre revu'; item.save()"
        )
        result = run(
            [sys.executable, "manage.py", "shell", "-c", change],
            DATABASE_URL=database,
            SECRET_KEY=secrets.token_urlsafe(64),
        )
        assert result.returncode == 0, result.stderr
        assert all("Bénévolat, titre revu" in body for body in read_many())
