# Notification moves here from orgs with its table (orgs_notification): this
# migration only tells Django's state where the model now lives; the database
# is not touched. orgs 0013 removes it from orgs the same way, after this one.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The table was made by orgs 0005_notifications.
        ('orgs', '0012_db_defaults_for_rolling_upgrades'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('body', models.TextField(blank=True, verbose_name='message')),
                        ('link', models.CharField(blank=True, max_length=300, verbose_name='link')),
                        ('key', models.CharField(blank=True, help_text='Set for messages that must reach a user once, such as a deadline reminder.', max_length=120, verbose_name='key')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='sent at')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='to')),
                    ],
                    options={
                        'verbose_name': 'notification',
                        'verbose_name_plural': 'notifications',
                        'db_table': 'orgs_notification',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['user', 'read_at'], name='notification_user_unread')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('user', 'key'), name='notification_once_per_key')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
