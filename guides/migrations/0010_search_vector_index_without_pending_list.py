"""The search indexes take new entries at once rather than through a pending list
(PostgreSQL only).

By default a GIN index gathers new entries in a pending list that every search reads from
start to end until VACUUM merges it into the index. Search documents are written in bulk
(load_content, an import, an item saved in six languages) and read on every search: with a
hundred times the manual's items, the pending list of one language held 8,610 entries on
420 pages, and reading it took 2.0 ms of the 3.8 ms the search statement ran (0.06 ms
without it). Writing straight into the index costs the rare write a little more instead.
An index for a language added later is created WITH (fastupdate = off) as well
(tests/test_search.py checks every language's).
"""

from django.db import migrations

LANGUAGES = ["fr", "nl", "en", "ar", "ro", "es"]


def write_straight_into_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        index = f"searchdocument_vector_{language}"
        schema_editor.execute(f"ALTER INDEX IF EXISTS {index} SET (fastupdate = off)")
        # What is pending already goes into the index now, not at the next VACUUM.
        schema_editor.execute("SELECT gin_clean_pending_list(to_regclass(%s))", [index])


def use_pending_lists(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(
            f"ALTER INDEX IF EXISTS searchdocument_vector_{language} RESET (fastupdate)"
        )


class Migration(migrations.Migration):
    dependencies = [("guides", "0009_search_document_copies")]

    operations = [
        migrations.RunPython(write_straight_into_indexes, use_pending_lists),
    ]
