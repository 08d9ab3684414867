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


class RelatedNames:
    """The names of related rows (a domain, regions), each table read once per history
    page rather than once per version. (They are small: five domains, three regions.)"""

    def __init__(self):
        self._tables = {}

    def __call__(self, model, pks):
        table = self._tables.get(model)
        if table is None:
            table = self._tables[model] = {obj.pk: str(obj) for obj in model.objects.all()}
        return [table.get(pk, str(pk)) for pk in pks]


def _display(model, name, value, names):
    field = model._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(names(field.related_model, value or []))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return names(field.related_model, [value])[0] if value is not None else ""
    return "" if value is None else str(value)


def field_changes(model, older, newer, names=None):
    """FieldChanges from version `older` (None for the first) to version `newer`."""
    names = names or RelatedNames()
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
                _display(model, name, old_fields.get(name), names) if older is not None else "",
                _display(model, name, value, names),
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
    entries, names = [], RelatedNames()
    for position, version in enumerate(versions):
        older = versions[position + 1] if position + 1 < len(versions) else None
        entries.append(
            {
                "revision": version.revision,
                "url": reverse(
                    f"{model_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=(quote(version.object_id), version.id),
                ),
                "changes": field_changes(model_admin.model, older, version, names),
                "first": older is None,
            }
        )
    return entries
