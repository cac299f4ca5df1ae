# Download moves here from orgs with its table (orgs_download): this
# migration only tells Django's state where the model now lives; the database
# is not touched. orgs 0013 removes it from orgs the same way, after this one.

import django.db.models.deletion
import lib.uploads
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The table was made by orgs 0007_downloads.
        ('orgs', '0012_db_defaults_for_rolling_upgrades'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Download',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=40, verbose_name='ledger')),
                        ('title', models.CharField(max_length=120, verbose_name='title')),
                        ('params', models.JSONField(blank=True, default=dict, verbose_name='filters')),
                        ('fmt', models.CharField(default='xlsx', max_length=4, verbose_name='format')),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Being prepared'), ('done', 'Ready'), ('failed', 'Failed')], default='queued', max_length=8, verbose_name='status')),
                        ('rows_total', models.PositiveIntegerField(blank=True, null=True, verbose_name='rows')),
                        ('rows_done', models.PositiveIntegerField(default=0, verbose_name='rows written')),
                        ('file', models.FileField(blank=True, storage=lib.uploads.private_storage, upload_to='downloads/%Y/%m/', verbose_name='file')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('expires_at', models.DateTimeField(blank=True, null=True, verbose_name='expires at')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='downloads', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                    ],
                    options={
                        'verbose_name': 'download',
                        'verbose_name_plural': 'downloads',
                        'db_table': 'orgs_download',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['owner', '-created_at'], name='download_owner_recent')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
