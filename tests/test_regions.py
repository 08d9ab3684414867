"""Each region's pages show the national findings plus its own, never another region's."""

import pytest

from guides.models import Item

pytestmark = pytest.mark.django_db


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_education_reception_classes_by_region(client):
    flanders = page(client, "/fr/flanders/education/")
    wallonia = page(client, "/fr/wallonia/education/")
    brussels = page(client, "/fr/brussels/education/")
    assert "OKAN" in flanders and "DASPA" not in flanders
    assert "DASPA" in wallonia and "OKAN" not in wallonia
    assert "OKAN" in brussels and "DASPA" in brussels


def test_professional_card_authority_by_region(client):
    flanders = page(client, "/fr/flanders/employment/")
    wallonia = page(client, "/fr/wallonia/employment/")
    brussels = page(client, "/fr/brussels/employment/")
    assert "Communauté flamande" in flanders and "Fédération Wallonie-Bruxelles" not in flanders
    assert "Fédération Wallonie-Bruxelles" in wallonia and "Communauté flamande" not in wallonia
    assert "Communauté flamande" in brussels and "Fédération Wallonie-Bruxelles" in brussels


def test_brussels_housing_says_social_housing_can_take_years(client):
    brussels = page(client, "/fr/brussels/housing/")
    assert 'id="brussels-waiting-lists"' in brussels
    assert "Surtout à Bruxelles, cela peut prendre quelques années" in brussels
    assert 'id="brussels-waiting-lists"' not in page(client, "/fr/wallonia/housing/")


def test_welfare_centre_is_cpas_in_french_and_ocmw_in_dutch(client):
    french = page(client, "/fr/wallonia/social-assistance/")
    assert "CPAS" in french and "OCMW" not in french
    dutch = page(client, "/nl/flanders/social-assistance/")
    assert "OCMW" in dutch and "CPAS" not in dutch
    brussels = page(client, "/fr/brussels/social-assistance/")
    assert "CPAS" in brussels and "OCMW" in brussels


@pytest.mark.parametrize("region", ["flanders", "wallonia", "brussels"])
def test_other_regions_notes_never_show(client, region):
    for item in Item.objects.exclude(regions__slug=region).filter(regions__isnull=False).distinct():
        content = page(client, f"/fr/{region}/{item.domain.slug}/")
        assert f'id="{item.slug}"' not in content
        assert f'id="{item.slug}"' in page(
            client, f"/fr/{item.regions.first().slug}/{item.domain.slug}/"
        )


def test_items_say_whether_they_are_national_or_regional(client):
    content = page(client, "/en/brussels/education/")
    assert (
        content.count('class="tag tag-national"') == 9
    )  # 4 challenges, 4 practices, 1 recommendation
    assert content.count('class="tag tag-regional"') == 3  # OKAN, DASPA, Brussels languages


def test_region_page_lists_key_points_and_what_is_specific(client):
    content = page(client, "/fr/flanders/")
    assert content.count('<section class="region-domain"') == 5
    assert "Discrimination sur le marché du travail" in content
    assert "OKAN" in content and "FZO" in content and "DASPA" not in content
