"""The whole content, every language, as JSON and CSV."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from guides.models import Item

pytestmark = pytest.mark.django_db


def test_json_export_holds_every_item_in_every_language_with_a_licence(client):
    response = client.get("/export/content.json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="content.json"'
    data = json.loads(response.content)
    assert "CC BY 4.0" in data["licence"]["name"]
    items = [r for r in data["records"] if r["type"] == "item"]
    assert len(items) == Item.objects.count()
    okan = next(r for r in items if r["key"] == "education/okan")
    assert okan["regions"] == ["flanders", "brussels"]
    assert set(okan["text"]) == {"fr", "nl", "en", "ar", "ro", "es"}
    assert all(okan["text"].values())


def test_csv_export_has_a_column_per_field_and_language(client):
    response = client.get("/export/content.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3 + 4 + 5 + Item.objects.count()
    mentoring = next(r for r in rows if r["key"] == "employment/mentoring")
    assert mentoring["title_fr"] == "Mentorat"
    assert mentoring["title_ar"] and mentoring["kind"] == "practice"


def test_export_command_writes_both_files(tmp_path):
    call_command("export_content", str(tmp_path), stdout=io.StringIO())
    assert json.loads((tmp_path / "content.json").read_text())["records"]
    assert (tmp_path / "content.csv").read_text().startswith("type,key,")


def test_about_page_links_the_downloads(client):
    content = client.get("/nl/about/").content.decode()
    assert 'href="/export/content.json"' in content and 'href="/export/content.csv"' in content
