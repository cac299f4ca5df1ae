# The download content type follows the model from orgs, as the same row under
# a new app label: its permissions, their grants to groups and users, and the
# admin's log entries stay attached. Reversible.

from django.db import migrations

from lib.app_moves import relabel_content_type


def forwards(apps, schema_editor):
    relabel_content_type(apps, 'download', 'orgs', 'downloads')


def backwards(apps, schema_editor):
    relabel_content_type(apps, 'download', 'downloads', 'orgs')


class Migration(migrations.Migration):

    dependencies = [
        ('downloads', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
