"""Structured request logs: JSON lines with a request id, no query strings or addresses."""

import json
import logging

import pytest

from guides.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_each_request_gets_an_id_and_one_log_line(client, caplog):
    caplog.set_level(logging.INFO, logger="portal.request")
    response = client.get("/fr/search/", {"q": "mon nom est Ahmed"}, REMOTE_ADDR="203.0.113.5")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [record] = [r for r in caplog.records if r.name == "portal.request"]
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["path"] == "/fr/search/" and entry["status"] == 200
    assert entry["method"] == "GET" and entry["duration_ms"] >= 0
    assert "Ahmed" not in line and "203.0.113.5" not in line


def test_a_proxys_request_id_is_kept_if_well_formed(client):
    assert (
        client.get("/fr/", HTTP_X_REQUEST_ID="abc-123-def-456")["X-Request-ID"] == "abc-123-def-456"
    )
    forged = client.get("/fr/", HTTP_X_REQUEST_ID='"}\n{"fake": 1')["X-Request-ID"]
    assert forged.isalnum()


def test_sign_in_events_are_logged_without_passwords(client, caplog):
    from django.contrib.auth.models import User

    caplog.set_level(logging.INFO, logger="portal.security")
    User.objects.create_superuser("ed", "e@example.org", "correct-horse-battery")
    client.post("/admin/login/", {"username": "ed", "password": "wrong-secret"})
    client.post("/admin/login/", {"username": "ed", "password": "correct-horse-battery"})
    messages = [r.getMessage() for r in caplog.records if r.name == "portal.security"]
    assert messages == ["failed sign-in", "staff sign-in"]
    assert "wrong-secret" not in caplog.text and "correct-horse-battery" not in caplog.text
