"""The whole content, every language, as JSON or CSV, for reuse by others."""

import csv
import io
import json

from django.conf import settings
from django.http import HttpResponse

from .content import TRANSLATED_FIELDS as FIELDS
from .models import Domain, Item, OverviewSection, Region

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def attachment(text, content_type, filename):
    """A download of `text` (UTF-8) saved as `filename`."""
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def licence():
    return {"name": settings.CONTENT_LICENCE_NAME, "url": settings.CONTENT_LICENCE_URL}


def _texts(obj, kind):
    return {
        field: {code: getattr(obj, f"{field}_{code}") or "" for code in LANGUAGE_CODES}
        for field in FIELDS[kind]
    }


def content_records():
    """Every region, overview section, domain and item as a flat record, in the manual's order."""
    records = []
    for region in Region.objects.all():
        records.append({"type": "region", "key": region.slug, **_texts(region, "region")})
    for section in OverviewSection.objects.all():
        records.append({"type": "overview", "key": section.slug, **_texts(section, "overview")})
    items = Item.objects.published().select_related("domain").prefetch_related("regions")
    by_domain = {}
    for item in items.order_by("domain__order", "order", "pk"):
        by_domain.setdefault(item.domain_id, []).append(item)
    for domain in Domain.objects.all():
        records.append({"type": "domain", "key": domain.slug, **_texts(domain, "domain")})
        for item in by_domain.get(domain.pk, []):
            records.append(
                {
                    "type": "item",
                    "key": f"{domain.slug}/{item.slug}",
                    "domain": domain.slug,
                    "kind": item.kind,
                    "regions": [region.slug for region in item.region_list],
                    "source": item.source,
                    "source_section": item.source_section,
                    "url": item.url,
                    **_texts(item, "item"),
                }
            )
    return records


def as_json():
    document = {"licence": licence(), "languages": LANGUAGE_CODES, "records": content_records()}
    return json.dumps(document, ensure_ascii=False, indent=1)


def as_csv():
    """One row per record; one column per translated field and language."""
    records = content_records()
    text_columns = []
    for fields in FIELDS.values():
        for field in fields:
            for code in LANGUAGE_CODES:
                column = f"{field}_{code}"
                if column not in text_columns:
                    text_columns.append(column)
    columns = ["type", "key", "domain", "kind", "regions", "source", "source_section", "url"]
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=columns + text_columns)
    writer.writeheader()
    for record in records:
        row = {column: record.get(column, "") for column in columns}
        row["regions"] = " ".join(record.get("regions", []))
        for field in FIELDS[record["type"]]:
            for code, value in record[field].items():
                row[f"{field}_{code}"] = value
        writer.writerow(row)
    return output.getvalue()
