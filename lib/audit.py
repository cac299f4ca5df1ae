"""The audit trail, including the bulk paths signals do not see.

django-simple-history records every `save()` and `delete()` through model
signals, with the request's user (HistoryRequestMiddleware). `bulk_create`,
`bulk_update` and `QuerySet.update()` send no signals: services that write
many rows at once go through the helpers here so the history stays whole.
"""

from simple_history.utils import bulk_create_with_history, bulk_update_with_history


def bulk_create(model, objs, *, user=None, reason: str = "", batch_size: int = 1000):
    """Insert `objs` and one '+' history row each, attributed to `user`."""
    return bulk_create_with_history(
        objs,
        model,
        batch_size=batch_size,
        default_user=user,
        default_change_reason=reason or None,
    )


def bulk_update(model, objs, fields, *, user=None, reason: str = "", batch_size: int = 1000):
    """Update `fields` of `objs` and write one '~' history row each."""
    return bulk_update_with_history(
        objs,
        model,
        fields,
        batch_size=batch_size,
        default_user=user,
        default_change_reason=reason or None,
    )


def save(obj, *, by, fields=None, reason: str = ""):
    """Save `obj` with its history entry attributed to `by`.

    Services run outside requests too (Celery, management commands), where
    HistoryRequestMiddleware cannot say who acted.
    """
    obj._history_user = by
    if reason:
        obj._change_reason = reason
    obj.save(update_fields=fields)
    return obj
