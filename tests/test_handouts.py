"""A handout: chosen items, one or two languages, a QR code of the page, the citation."""

import base64
import io
import re

import pytest
import zxingcpp
from PIL import Image

pytestmark = pytest.mark.django_db


def decode_qr(content):
    data_uri = re.search(r'<img class="qr" src="data:image/png;base64,([^"]+)"', content).group(1)
    image = Image.open(io.BytesIO(base64.b64decode(data_uri)))
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_the_qr_code_encodes_the_page_address(client):
    content = client.get("/fr/brussels/health/handout/").content.decode()
    assert decode_qr(content) == ["http://testserver/fr/brussels/health/"]


def test_with_a_second_language_the_qr_code_leads_to_the_clients_language(client):
    content = client.get("/fr/brussels/health/handout/", {"also": "ar"}).content.decode()
    assert decode_qr(content) == ["http://testserver/ar/brussels/health/"]
    assert 'class="side side-also" lang="ar" dir="rtl"' in content


def test_only_the_chosen_items_are_printed(client):
    content = client.get(
        "/en/flanders/education/handout/", {"item": ["okan", "mentoring", "informal-interpreters"]}
    ).content.decode()
    sheet = content[content.index('class="handout-sheet"') :]
    assert sheet.count('class="item ') == 2  # mentoring belongs to another domain
    assert "OKAN" in sheet and "Informal interpreters" in sheet
    assert 'name="item" value="okan" checked' in content
    assert 'name="item" value="daspa">' not in content  # Wallonia's note is not offered


def test_without_a_choice_everything_is_printed_with_the_citation(client):
    content = client.get("/fr/wallonia/housing/handout/").content.decode()
    sheet = content[content.index('class="handout-sheet"') :]
    assert sheet.count('class="item ') == 3
    assert 'class="citation"' in sheet and "Principaux défis et bonnes pratiques" in sheet


@pytest.mark.parametrize("query", [{"item": "\x00"}, {"also": "xx"}, {"item": "x" * 5000}])
def test_bad_input_gets_the_whole_handout(client, query):
    assert client.get("/nl/brussels/health/handout/", query).status_code == 200


def test_the_domain_page_links_to_its_handout(client):
    content = client.get("/es/brussels/health/").content.decode()
    assert 'href="/es/brussels/health/handout/"' in content
