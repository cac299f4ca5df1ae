# The working calendar (CalendarDay) moves to orgs, where award notice periods
# count working days too: the table stays (orgs' model names it), the state
# moves, and the content type follows as the same row under a new label, so
# its permissions, their grants and the admin's log entries stay attached.

from django.db import migrations

from lib.app_moves import relabel_content_type


def forwards(apps, schema_editor):
    relabel_content_type(apps, "calendarday", "grids", "orgs")


def backwards(apps, schema_editor):
    relabel_content_type(apps, "calendarday", "orgs", "grids")


class Migration(migrations.Migration):
    dependencies = [
        ("grids", "0009_resident_phone_index"),
        ("orgs", "0020_commendations_and_the_working_calendar"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CalendarDay")],
        ),
        migrations.RunPython(forwards, backwards),
    ]
