"""Loading the manual's content from the fixtures into the database.

`fixtures/content/fr.json` holds the structure and the French text, in the manual's order.
`fixtures/content/<lang>.json` holds one language's translations, keyed like
`item:employment/discrimination`. Loading updates rows in place by their slugs, so loading
twice gives the same database.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import reversion
from django.conf import settings
from django.db import connection, transaction

from .models import SOURCE_LANGUAGE, Domain, Item, OverviewSection, Region, SearchDocument
from .translation_status import fingerprint, text_key

CONTENT_DIR = Path(settings.BASE_DIR) / "fixtures" / "content"
# Fields given as lists in the files, one line each in the database.
LIST_FIELDS = ("points", "context")
TRANSLATED_FIELDS = {
    "region": Region.TRANSLATED_FIELDS,
    "overview": OverviewSection.TRANSLATED_FIELDS,
    "domain": Domain.TRANSLATED_FIELDS,
    "item": Item.TRANSLATED_FIELDS,
}


class ContentError(Exception):
    """The fixture files disagree with each other; nothing was loaded."""


@dataclass
class LoadReport:
    regions: int = 0
    overview: int = 0
    domains: int = 0
    items: int = 0
    languages: tuple = ()


def _as_text(value):
    return "\n".join(value) if isinstance(value, list) else (value or "")


def _keyed_sources(source):
    """Every translatable object of the French file under its translation key."""
    keyed = {}
    for region in source["regions"]:
        keyed[text_key("region", region["slug"])] = ("region", region)
    for section in source["overview"]:
        keyed[text_key("overview", section["slug"])] = ("overview", section)
    for domain in source["domains"]:
        keyed[text_key("domain", domain["slug"])] = ("domain", domain)
        for item in domain["items"]:
            keyed[text_key("item", item["slug"], domain=domain["slug"])] = ("item", item)
    return keyed


def read_content(directory=CONTENT_DIR):
    """The French source and every translation file found, checked against each other."""
    directory = Path(directory)
    source = json.loads((directory / f"{SOURCE_LANGUAGE}.json").read_text(encoding="utf-8"))
    keyed = _keyed_sources(source)
    translations, errors = {}, []
    for code, _name in settings.LANGUAGES:
        path = directory / f"{code}.json"
        if code == SOURCE_LANGUAGE or not path.exists():
            continue
        translation = json.loads(path.read_text(encoding="utf-8"))
        for key, fields in translation.items():
            if key not in keyed:
                errors.append(f"{path.name}: unknown key {key}")
                continue
            kind, original = keyed[key]
            for field, value in fields.items():
                if field not in TRANSLATED_FIELDS[kind]:
                    errors.append(f"{path.name}: {key} has no translated field {field}")
                elif field in LIST_FIELDS and len(value) != len(original.get(field, [])):
                    errors.append(
                        f"{path.name}: {key} has {len(value)} lines of {field}, French has "
                        f"{len(original.get(field, []))}"
                    )
        translations[code] = translation
    if errors:
        raise ContentError("\n".join(errors))
    return source, translations


def _translated_values(kind, key, original, translations):
    values = {}
    for field in TRANSLATED_FIELDS[kind]:
        values[f"{field}_{SOURCE_LANGUAGE}"] = _as_text(original.get(field))
        for code, _name in settings.LANGUAGES:
            if code != SOURCE_LANGUAGE:
                value = translations.get(code, {}).get(key, {}).get(field)
                values[f"{field}_{code}"] = _as_text(value)
    # The files' translations were made from the files' French: they are up to date.
    french = fingerprint(values[f"{field}_{SOURCE_LANGUAGE}"] for field in TRANSLATED_FIELDS[kind])
    values["source_hashes"] = {code: french for code in translations}
    return values


@transaction.atomic
@reversion.create_revision()
def load_content(directory=CONTENT_DIR, *, only_new=False):
    """Create or update every region, domain, overview section and item of the fixtures.

    With `only_new`, create what is missing and leave every existing row as it is, so that
    editors' changes survive a release.
    """
    source, translations = read_content(directory)
    reversion.set_comment("Loaded from the content files")
    report = LoadReport(languages=(SOURCE_LANGUAGE, *sorted(translations)))

    def values(model_kind, key, original, **extra):
        return {**_translated_values(model_kind, key, original, translations), **extra}

    def put(model, defaults, create_defaults=None, **lookup):
        """The row, created or (unless only_new) updated, and whether it was written."""
        if only_new:
            existing = model.objects.filter(**lookup).first()
            if existing is not None:
                return existing, False
        obj, _created = model.objects.update_or_create(
            **lookup, defaults=defaults, create_defaults=create_defaults or defaults
        )
        return obj, True

    regions = {}
    for order, region in enumerate(source["regions"]):
        regions[region["slug"]], written = put(
            Region,
            values("region", text_key("region", region["slug"]), region, order=order),
            slug=region["slug"],
        )
        report.regions += written

    for order, section in enumerate(source["overview"]):
        _section, written = put(
            OverviewSection,
            values("overview", text_key("overview", section["slug"]), section, order=order),
            slug=section["slug"],
        )
        report.overview += written

    for domain_order, domain_data in enumerate(source["domains"]):
        domain, written = put(
            Domain,
            values(
                "domain", text_key("domain", domain_data["slug"]), domain_data, order=domain_order
            ),
            slug=domain_data["slug"],
        )
        report.domains += written
        for order, item_data in enumerate(domain_data["items"]):
            item_values = values(
                "item",
                text_key("item", item_data["slug"], domain=domain.slug),
                item_data,
                kind=item_data["kind"],
                url=item_data.get("url", ""),
                source=item_data["source"],
                source_section=item_data.get("source_section", ""),
                order=order,
            )
            item, written = put(
                Item,
                item_values,
                # Published when first loaded; an editor's later choice is kept.
                create_defaults={**item_values, "status": Item.Status.PUBLISHED},
                domain=domain,
                slug=item_data["slug"],
            )
            if written:
                item.regions.set([regions[slug] for slug in item_data["regions"]])
            report.items += written
    return report


def refresh_planner_statistics():
    """After a bulk load, tell PostgreSQL's planner what the content tables now hold, rather
    than wait for autovacuum: planning with the statistics of nearly empty tables, it passes
    over the search index, and a search at a hundred times the content takes two and a half
    times as long. (SQLite has no such statistics to refresh.)"""
    if connection.vendor != "postgresql":
        return
    models = (Region, Domain, OverviewSection, Item, Item.regions.through, SearchDocument)
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
