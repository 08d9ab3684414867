"""A GIN index on the stored search vectors (PostgreSQL only).

The rows themselves are built by `load_content` and kept current on save; existing content is
indexed with `manage.py rebuild_search_index`.
"""

from django.db import migrations


def create_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS searchdocument_vector "
            "ON guides_searchdocument USING gin (vector)"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS searchdocument_vector")


class Migration(migrations.Migration):
    dependencies = [("guides", "0004_search")]

    operations = [
        migrations.RunPython(create_gin_index, drop_gin_index),
    ]
