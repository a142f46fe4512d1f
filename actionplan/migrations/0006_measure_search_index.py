import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """A GIN index over an expression only PostgreSQL understands; SQLite searches search_document."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):

    dependencies = [
        ("actionplan", "0005_measure_search_document_for_sqlite"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            model_name="measure",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.SearchVector(
                            "title", config="german", weight="A"),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            "summary", config="german", weight="B"),
                        django.contrib.postgres.search.SearchConfig("german"),
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector("description", config="german", weight="C"),
                    django.contrib.postgres.search.SearchConfig("german"),
                ),
                name="measure_search_vector",
            ),
        ),
    ]
