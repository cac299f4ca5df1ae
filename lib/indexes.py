"""Adding an index to a big table while the platform runs.

docs/deploy.md upgrades by migrating first while the last release still
serves, so an index on a table of a million tickets must not lock writes for
the minute it takes to build: on PostgreSQL it is built CONCURRENTLY, which
PostgreSQL allows only outside a transaction (the migration says
`atomic = False`). Other databases (SQLite in development and tests) get a
plain CREATE INDEX. The migration's state is AddIndex's, so `makemigrations`
sees the model's `Meta.indexes` as applied.
"""

from django.contrib.postgres.operations import AddIndexConcurrently as PostgresAddIndex
from django.db.migrations.operations import AddIndex


def _on_postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class AddIndexConcurrently(PostgresAddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgres(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgres(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
