"""What changed between two saved versions of an object (django-reversion), field by field."""

from dataclasses import dataclass

from django.contrib.admin.utils import quote
from django.urls import reverse
from reversion.models import Version

HIDDEN_FIELDS = {"id", "source_hashes"}


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


def _display(model, name, value):
    field = model._meta.get_field(name)
    if field.many_to_many:
        related = field.related_model.objects.filter(pk__in=value or [])
        return ", ".join(str(obj) for obj in related)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        obj = field.related_model.objects.filter(pk=value).first()
        return str(obj) if obj else str(value or "")
    return "" if value is None else str(value)


def field_changes(model, older, newer):
    """FieldChanges from version `older` (None for the first) to version `newer`."""
    old_fields = older.field_dict if older is not None else {}
    changes = []
    # The untranslated column (`title`) only mirrors the French one (`title_fr`).
    hidden = HIDDEN_FIELDS | set(model.translated_field_names())
    for name, value in newer.field_dict.items():
        if name in hidden or old_fields.get(name) == value:
            continue
        if older is None and value in ("", None, []):
            continue
        label = str(model._meta.get_field(name).verbose_name)
        changes.append(
            FieldChange(
                label,
                _display(model, name, old_fields.get(name)) if older is not None else "",
                _display(model, name, value),
            )
        )
    return changes


def history_entries(model_admin, obj):
    """The object's versions, newest first, each with its changes from the one before."""
    opts = model_admin.model._meta
    versions = list(
        Version.objects.get_for_object(obj)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )
    entries = []
    for position, version in enumerate(versions):
        older = versions[position + 1] if position + 1 < len(versions) else None
        entries.append(
            {
                "revision": version.revision,
                "url": reverse(
                    f"{model_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=(quote(version.object_id), version.id),
                ),
                "changes": field_changes(model_admin.model, older, version),
                "first": older is None,
            }
        )
    return entries
