"""Static files in production: hashed names and compressed copies, each address looked up in
the manifest once (portal.storage)."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command


@pytest.fixture
def source(tmp_path, settings):
    """A static folder of our own, collected by the production storage into a new root."""
    folder = tmp_path / "source"
    (folder / "css").mkdir(parents=True)
    (folder / "css" / "site.css").write_text("body { color: black; }\n" * 20)
    settings.STATICFILES_DIRS = [str(folder)]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = str(tmp_path / "collected")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "portal.storage.StaticFilesStorage"},
    }
    return folder


def collect():
    call_command("collectstatic", "--noinput", verbosity=0)


def test_addresses_carry_the_hash_of_the_content_and_compressed_copies_exist(source, settings):
    collect()
    url = staticfiles_storage.url("css/site.css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    assert staticfiles_storage.url("css/site.css") == url
    name = url.removeprefix("/static/")
    for suffix in ("", ".gz", ".br"):
        assert (Path(settings.STATIC_ROOT) / f"{name}{suffix}").exists()


def test_a_file_missing_from_the_manifest_fails_every_time(source):
    collect()
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            staticfiles_storage.url("css/missing.css")


def test_collecting_again_gives_the_new_address(source, settings):
    collect()
    before = staticfiles_storage.url("css/site.css")
    (source / "css" / "site.css").write_text("body { color: navy; }\n")
    collect()
    after = staticfiles_storage.url("css/site.css")
    assert after != before
    assert (Path(settings.STATIC_ROOT) / after.removeprefix("/static/")).read_text() == (
        "body { color: navy; }\n"
    )
