"""Notifications and downloads left `orgs` for apps of their own (orgs 0013,
notifications and downloads 0001-0002). On a database that had them in
`orgs`, migrating forward keeps their rows and the permissions granted on
them, now the new apps' permissions; and the way back restores `orgs`."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from downloads.models import Download
from notifications.models import Notification
from orgs.models import User
from orgs.roles import Role
from tests.fixtures import needs_migrations, on_postgres

# Only on PostgreSQL (CI, -m postgres): the state-only migrations and the
# content-type relabel, on the database production migrates. The way back
# unapplies every later migration of every app and the way forward applies
# them again, a cost that grows with each app; the suite on SQLite (the
# README's command) no longer pays it twice.
pytestmark = [on_postgres, needs_migrations]

BEFORE = [
    ("orgs", "0012_db_defaults_for_rolling_upgrades"),
    ("notifications", None),
    ("downloads", None),
]
MOVED = {("orgs", "notification"): "notifications", ("orgs", "download"): "downloads"}


def migrate(targets=None):
    """Migrate to `targets` (the latest migrations when None); return the
    models as they were there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    state = executor.migrate(targets)
    ContentType.objects.clear_cache()
    return state.apps


def labels():
    return set(
        ContentType.objects.filter(model__in=["notification", "download"]).values_list(
            "app_label", "model"
        )
    )


@pytest.mark.django_db(transaction=True)  # schema editors refuse to run inside a transaction
def test_rows_and_grants_follow_the_models_out_of_orgs():
    """One way there and back (each costs a migration plan of the whole
    project). The download's content type also meets a twin made by a migrate
    stopped halfway (`migrate downloads 0001` ends with Django's post-migrate
    signal, which makes the new app's content type and permissions beside
    orgs' own): the old row is kept, the twin's grants join it."""
    user = User.objects.create_user("grantee", name="授权用户", role=Role.COMMUNITY_WORKER)
    try:
        old = migrate(BEFORE)
        assert labels() == set(MOVED)  # the way back gave the content types to orgs again
        ContentTypeThen = old.get_model("contenttypes", "ContentType")
        Permission = old.get_model("auth", "Permission")
        grantee = old.get_model("orgs", "User").objects.get(pk=user.pk)
        note = old.get_model("orgs", "Notification").objects.create(
            user_id=user.pk, title="截止提醒", key="deadline:1"
        )
        download = old.get_model("orgs", "Download").objects.create(
            owner_id=user.pk, kind="organisations", title="社会组织台账"
        )
        readers = old.get_model("auth", "Group").objects.create(name="readers")
        readers.permissions.add(
            Permission.objects.get(content_type__app_label="orgs", codename="view_notification")
        )
        readers.user_set.add(grantee)
        grantee.user_permissions.add(
            Permission.objects.get(content_type__app_label="orgs", codename="delete_download")
        )
        kept = {
            model: ContentTypeThen.objects.get(app_label="orgs", model=model).pk
            for model in ("notification", "download")
        }
        twin = ContentTypeThen.objects.create(app_label="downloads", model="download")
        grantee.user_permissions.add(
            Permission.objects.create(
                content_type=twin, codename="change_download", name="Can change download"
            )
        )

        migrate()

        assert Notification.objects.get(pk=note.pk).key == "deadline:1"
        assert Download.objects.get(pk=download.pk).owner == user
        assert labels() == {(app, model) for (_, model), app in MOVED.items()}
        assert ContentType.objects.get_for_model(Notification).pk == kept["notification"]
        assert ContentType.objects.get_for_model(Download).pk == kept["download"]
        assert not ContentType.objects.filter(pk=twin.pk).exists()
        assert set(
            Group.objects.get(name="readers").permissions.values_list(
                "content_type__app_label", "codename"
            )
        ) == {("notifications", "view_notification")}
        user = User.objects.get(pk=user.pk)
        assert user.has_perm("notifications.view_notification")  # through the group
        assert user.has_perm("downloads.delete_download")  # granted to the user
        assert user.has_perm("downloads.change_download")  # granted on the twin
        assert not user.has_perm("orgs.view_notification")
    finally:
        migrate()
