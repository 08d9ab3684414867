"""One GIN index on the search vectors per language, in place of one for all (PostgreSQL only).

Every search is in one language. With a single index, PostgreSQL preferred reading every
document of the language and testing each vector (at ten times the manual's items, 690 table
pages for one search); an index holding only that language's vectors answers from the index.
A language added later needs its own index, in a new migration (a search without one still
works, only slower; tests/test_search.py checks that every language has one).
"""

from django.db import migrations

LANGUAGES = ["fr", "nl", "en", "ar", "ro", "es"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS searchdocument_vector_{language} "
            f"ON guides_searchdocument USING gin (vector) WHERE language = '{language}'"
        )
    schema_editor.execute("DROP INDEX IF EXISTS searchdocument_vector")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS searchdocument_vector "
        "ON guides_searchdocument USING gin (vector)"
    )
    for language in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS searchdocument_vector_{language}")


class Migration(migrations.Migration):
    dependencies = [("guides", "0007_editorial_workflow")]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
