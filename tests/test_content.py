"""The fixtures hold the whole manual, in order, and load the same way every time."""

import json
import re
from collections import Counter

import pytest
from django.conf import settings
from django.core import serializers

from guides.content import ContentError, _keyed_sources, load_content, read_content
from guides.models import Domain, Item, OverviewSection, Region

SOURCE = settings.BASE_DIR / "fixtures" / "source" / "manual-fr.txt"
# Printed section headings and the footnote address, which the portal shows in its own way.
NOT_CONTENT = {
    "PRINCIPAUX",
    "DÉFIS",
    "BONNES",
    "PRATIQUES",
    "RECOMMANDATIONS",
    "•",
    "https://refugeeswellschool.org/",
}

pytestmark = pytest.mark.django_db


def words(text):
    return text.split()


def source_words():
    """The manual as extracted from the PDF: wrapped lines joined, line-end hyphens kept."""
    joined = ""
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line:
            joined += line if joined.endswith("-") else " " + line
    return [word for word in words(joined) if word not in NOT_CONTENT]


def stored_manual_words():
    """The French text of everything that comes from the manual, in the portal's order."""
    result = []
    for section in OverviewSection.objects.order_by("order"):
        result += words(section.title_fr) + words(section.text_fr) + words(section.points_fr)
    for domain in Domain.objects.order_by("order"):
        result += words(domain.title_fr) + words(domain.context_fr)
        for item in domain.items.filter(source=Item.Source.MANUAL).order_by("order"):
            # A regional note's title is the editors' label; its text is the manual's.
            title = "" if item.kind == Item.Kind.NOTE else item.title_fr
            result += words(title) + words(item.text_fr) + words(item.points_fr)
    return result


def test_the_manuals_french_text_is_stored_whole_and_in_order():
    assert stored_manual_words() == source_words()


def test_counts_per_domain_follow_the_manual():
    counts = {
        domain.slug: Counter(domain.items.values_list("kind", flat=True))
        for domain in Domain.objects.all()
    }
    expected = {
        "employment": (3, 2),
        "education": (4, 4),
        "health": (3, 2),
        "housing": (1, 1),
        "social-assistance": (3, 3),
    }
    assert list(counts) == list(expected)
    for slug, (challenges, practices) in expected.items():
        assert counts[slug]["challenge"] == challenges, slug
        assert counts[slug]["practice"] == practices, slug
        assert counts[slug]["recommendation"] == 1, slug
    assert [r.slug for r in Region.objects.all()] == ["flanders", "wallonia", "brussels"]


def test_the_overview_names_the_fieldwork_and_box_1():
    fieldwork = OverviewSection.objects.get(slug="fieldwork").text_fr
    assert "41 personnes migrantes" in fieldwork and "23 prestataires de services" in fieldwork
    assert len(OverviewSection.objects.get(slug="box-1").point_list) == 5


def snapshot():
    models = [Region, Domain, OverviewSection, Item, Item.regions.through]
    return serializers.serialize("json", [obj for m in models for obj in m.objects.order_by("pk")])


def test_loading_twice_changes_nothing():
    before = snapshot()
    load_content()
    assert snapshot() == before


def test_loading_restores_edited_manual_text_but_keeps_editors_items():
    item = Item.objects.get(domain__slug="housing", slug="volunteer-work")
    item.title_fr = "Changed"
    item.save()
    extra = Item.objects.create(
        domain=item.domain, slug="extra", kind=Item.Kind.NOTE, title_fr="Ajout"
    )
    load_content()
    assert Item.objects.get(pk=item.pk).title_fr == "Travail bénévole"
    assert Item.objects.filter(pk=extra.pk).exists()


def test_every_item_records_its_provenance_and_manual_items_their_section():
    for item in Item.objects.all():
        assert item.source in Item.Source.values
        if item.source != Item.Source.EDITORS:
            assert item.source_section, item


def test_translation_files_match_the_french_structure():
    source, translations = read_content()
    assert set(translations) == {"nl", "en", "ar", "ro", "es"}
    keys = set(_keyed_sources(source))
    for translation in translations.values():
        assert set(translation) == keys  # every translatable object of the French file


def test_a_translation_file_with_an_unknown_key_is_refused(tmp_path):
    content_dir = settings.BASE_DIR / "fixtures" / "content"
    (tmp_path / "fr.json").write_text((content_dir / "fr.json").read_text(encoding="utf-8"))
    (tmp_path / "en.json").write_text(
        json.dumps(
            {"item:health/nothing": {"title": "x"}, "region:brussels": {"name": "B", "x": "y"}}
        )
    )
    with pytest.raises(ContentError) as error:
        load_content(tmp_path)
    assert "unknown key item:health/nothing" in str(error.value)
    assert "no translated field x" in str(error.value)


def test_slugs_are_ascii():
    for model in (Region, Domain, OverviewSection, Item):
        for slug in model.objects.values_list("slug", flat=True):
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug


def test_a_release_load_adds_what_is_missing_and_keeps_editors_changes():
    item = Item.objects.get(domain__slug="housing", slug="volunteer-work")
    item.title_fr = "Changé par la rédaction"
    item.save()
    removed = Item.objects.filter(regions__isnull=False).select_related("domain").first()
    regions = set(removed.regions.values_list("slug", flat=True))
    removed.delete()
    report = load_content(only_new=True)
    assert (report.regions, report.domains, report.items) == (0, 0, 1)
    assert Item.objects.get(pk=item.pk).title_fr == "Changé par la rédaction"
    restored = Item.objects.get(domain=removed.domain, slug=removed.slug)
    assert restored.status == Item.Status.PUBLISHED
    assert set(restored.regions.values_list("slug", flat=True)) == regions
