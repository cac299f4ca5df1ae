# Notification and Download now live in apps of their own (notifications,
# downloads), which took them over with their tables in their 0001. Here they
# leave orgs' state only: the tables stay, now the other apps' (db_table).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0012_db_defaults_for_rolling_upgrades'),
        ('notifications', '0001_initial'),
        ('downloads', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='notification',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='Download',
                ),
                migrations.DeleteModel(
                    name='Notification',
                ),
            ],
            database_operations=[],
        ),
    ]
