"""Production settings: Django's deployment checks pass, and bad configurations refuse to run."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

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
