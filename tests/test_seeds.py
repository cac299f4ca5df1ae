"""The seeds the README's suite plants (tests/seeds.py) are the rows the
migrations ship: checked on PostgreSQL, whose test database is migrated."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

from tests.fixtures import needs_migrations, on_postgres
from tests.seeds import plant

pytestmark = [on_postgres, needs_migrations]

# Every app of ours (those in the project's folder, generators aside).
OURS = {
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).parent == Path(settings.BASE_DIR) and config.label != "devdata"
}


def _rows(models) -> dict[str, list[tuple]]:
    """Each model's rows as sorted tuples of their fields, a foreign key by
    what it points at (the planted rows get new ids), the moment a row was
    made left out."""

    def value(row, field):
        if field.is_relation:
            target = getattr(row, field.name)
            return str(target) if target is not None else None
        return getattr(row, field.attname)

    def kept(field):
        stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        return not (field.primary_key or stamped)

    return {
        model._meta.label: sorted(
            tuple(repr(value(row, f)) for f in model._meta.concrete_fields if kept(f))
            for row in model._default_manager.all()
        )
        for model in models
    }


def test_the_planted_rows_are_the_migrations_rows(db):
    models = [
        model
        for config in apps.get_app_configs()
        if config.label in OURS
        for model in config.get_models()
        if model._default_manager.exists()
    ]
    assert models  # the migrations do ship rows
    shipped = _rows(models)
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute(
            "TRUNCATE " + ", ".join(m._meta.db_table for m in models) + " RESTART IDENTITY CASCADE"
        )
    plant()
    assert _rows(models) == shipped
