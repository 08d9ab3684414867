"""A Belgian postcode leads to the reader's region."""

import pytest

from guides.postcodes import region_for_postcode


@pytest.mark.parametrize(
    ("postcode", "region"),
    [
        ("1000", "brussels"),
        ("1299", "brussels"),
        ("1300", "wallonia"),
        ("1499", "wallonia"),
        ("1500", "flanders"),
        ("3999", "flanders"),
        ("4000", "wallonia"),
        ("7999", "wallonia"),
        ("8000", "flanders"),
        ("9999", "flanders"),
        (" 9000 ", "flanders"),
        ("١٠٠٠", "brussels"),  # Arabic-Indic digits from a phone keyboard
        ("0999", None),
        ("999", None),
        ("10000", None),
        ("10a0", None),
        ("", None),
        (None, None),
    ],
)
def test_region_for_postcode(postcode, region):
    assert region_for_postcode(postcode) == region


@pytest.mark.django_db
class TestPostcodeForm:
    def test_home_page_has_the_postcode_form(self, client):
        content = client.get("/nl/").content.decode()
        assert 'action="/nl/region/"' in content and 'name="postcode"' in content
        assert '<label for="postcode">' in content

    def test_a_postcode_redirects_to_its_region_in_the_same_language(self, client):
        response = client.get("/ar/region/", {"postcode": "4000"})
        assert response.status_code == 302
        assert response["Location"] == "/ar/wallonia/"

    @pytest.mark.parametrize("postcode", ["0999", "abcd", "x" * 10_000, "1000\x00", "<b>1</b>"])
    def test_an_unknown_postcode_gets_a_clear_message(self, client, postcode):
        response = client.get("/en/region/", {"postcode": postcode})
        assert response.status_code == 400
        content = response.content.decode()
        assert '<html lang="en" dir="ltr">' in content
        assert 'role="alert"' in content and "is not a Belgian postcode" in content
        assert "<b>1</b>" not in content
        assert 'href="/en/flanders/"' in content  # the three regions to choose from

    def test_an_empty_postcode_shows_the_choices(self, client):
        response = client.get("/fr/region/")
        assert response.status_code == 200
        assert 'role="alert"' not in response.content.decode()
