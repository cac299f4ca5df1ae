"""Indexes in the orders of the organisation and people lists, and for the
people list's search (the start of a name, a phone) (orgs.Organisation.Meta,
orgs.Person.Meta): built CONCURRENTLY on PostgreSQL so the release before
keeps writing meanwhile (docs/deploy.md)."""

from django.db import migrations, models

from lib.indexes import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("orgs", "0014_import_jobs_in_the_background"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="organisation",
            index=models.Index(fields=["area", "name", "-id"], name="organisation_list_order"),
        ),
        AddIndexConcurrently(
            model_name="person",
            index=models.Index(fields=["community", "name", "-id"], name="person_list_order"),
        ),
        AddIndexConcurrently(
            model_name="person",
            index=models.Index(fields=["name"], opclasses=["varchar_pattern_ops"], name="person_name_prefix"),
        ),
        AddIndexConcurrently(
            model_name="person",
            index=models.Index(fields=["phone"], name="person_phone"),
        ),
    ]
