"""Search documents carry what a result shows and how results are ordered (the item's kind,
its address on the domain page, the domain's and the item's place in the manual), and only
published items are indexed: a search reads one table, with no join to items or domains.

The new columns are filled from the items and domains, and draft items' rows are dropped.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_items_and_domains(apps, schema_editor):
    SearchDocument = apps.get_model("guides", "SearchDocument")
    Item = apps.get_model("guides", "Item")
    Domain = apps.get_model("guides", "Domain")
    documents = SearchDocument.objects.all()
    documents.filter(item__isnull=False).exclude(item__status="published").delete()
    item = Item.objects.filter(pk=OuterRef("item_id"))
    documents.filter(item__isnull=False).update(
        kind=Subquery(item.values("kind")[:1]),
        anchor=Subquery(item.values("slug")[:1]),
        item_order=Subquery(item.values("order")[:1]),
    )
    domain = Domain.objects.filter(pk=OuterRef("domain_id"))
    documents.update(domain_order=Subquery(domain.values("order")[:1]))


class Migration(migrations.Migration):
    dependencies = [("guides", "0008_search_vector_index_per_language")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="kind",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="anchor",
            field=models.CharField(default="context", max_length=80),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="domain_order",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="item_order",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(copy_from_items_and_domains, migrations.RunPython.noop),
    ]
