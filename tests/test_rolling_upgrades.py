"""Migrations that old web processes can live with during an upgrade.

docs/deploy.md upgrades by migrating first and then replacing the web
processes one at a time, so for a while code of the last release writes to
the new schema. A column added since then must therefore accept a row that
does not name it: nullable, or with a default in the database itself
(`db_default`), not only in Python.
"""

import pytest
from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddField, CreateModel
from django.db.models import NOT_PROVIDED
from django.test import override_settings

# Run on PostgreSQL too (CI, -m postgres): the migrations' database defaults.
pytestmark = pytest.mark.postgres

# The last migration of each app in the release before the rule; later ones
# are held to it.
RELEASED = {
    "orgs": "0009",
    "incubators": "0004",
    "projects": "0002",
    "grids": "0003",
    "assessments": "0004",
    # New since that release: every migration of theirs is held to the rule.
    "notifications": "0000",
    "downloads": "0000",
}


def added_columns():
    """Columns added to tables the last release had. A table made since then
    (its CreateModel, then the AddField of its foreign keys that
    makemigrations writes apart) is written by no old process."""
    # The files on disk, also where the suite builds its database from the
    # models (tests/fixtures.py turns the migration modules off there).
    with override_settings(MIGRATION_MODULES={}):
        loader = MigrationLoader(None, ignore_no_migrations=True)
    since = [
        (app, name, migration)
        for (app, name), migration in loader.disk_migrations.items()
        if app in RELEASED and name[:4] > RELEASED[app]
    ]
    new_tables = {
        (app, operation.name_lower)
        for app, _name, migration in since
        for operation in migration.operations
        if isinstance(operation, CreateModel)
    }
    for app, name, migration in since:
        for operation in migration.operations:
            if isinstance(operation, AddField) and (app, operation.model_name) not in new_tables:
                yield app, name, operation.model_name, operation.name


def test_every_column_added_since_the_last_release_has_a_database_default():
    found = list(added_columns())
    assert found  # this release adds columns: the rule is really applied
    missing = []
    for app, migration, model_name, field_name in found:
        field = apps.get_model(app, model_name)._meta.get_field(field_name)
        if field.many_to_many or field.null or field.db_default is not NOT_PROVIDED:
            continue
        missing.append(f"{app}.{migration}: {model_name}.{field_name}")
    assert missing == []
