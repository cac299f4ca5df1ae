"""Moving a model from one app to another in a data migration.

The table stays where it is (state-only migrations); what must follow the
model is its content type, the row its permissions, the grants of those
permissions to groups and users, and the admin's log entries hang on. Taking
the row along (a new app label on the same row) keeps every one of them.
"""


def relabel_content_type(apps, model: str, old_label: str, new_label: str) -> None:
    """Give the content type of `model` the app label `new_label`.

    A row under the new label exists already only if a migrate stopped
    between the move and this step, when Django's post-migrate signal made
    the content type and its permissions afresh: their grants join the old
    permissions of the same name, and the fresh row goes.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label=old_label, model=model).first()
    if old is None:
        return  # a fresh database: the content type is made after the migrations
    fresh = ContentType.objects.filter(app_label=new_label, model=model).first()
    if fresh is not None:
        for permission in Permission.objects.filter(content_type=fresh):
            kept = Permission.objects.filter(content_type=old, codename=permission.codename)
            for target in kept:
                target.group_set.add(*permission.group_set.all())
                target.user_set.add(*permission.user_set.all())
        fresh.delete()
    old.app_label = new_label
    old.save(update_fields=["app_label"])
