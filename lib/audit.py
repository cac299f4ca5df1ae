"""The audit trail, including the bulk paths signals do not see.

django-simple-history records every `save()` and `delete()` through model
signals, with the request's user (HistoryRequestMiddleware). `bulk_create`,
`bulk_update` and `QuerySet.update()` send no signals: services that write
many rows at once go through the helpers here so the history stays whole,
and send `bulk_written` so what caches those rows (the public pages) hears
of them too.
"""

from django.dispatch import Signal
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

# Sent after bulk_create and bulk_update here, with sender=model and objs
# (the rows written): Django's post_save is not sent for them.
bulk_written = Signal()


def bulk_create(model, objs, *, user=None, reason: str = "", batch_size: int = 1000):
    """Insert `objs` and one '+' history row each, attributed to `user`."""
    created = bulk_create_with_history(
        objs,
        model,
        batch_size=batch_size,
        default_user=user,
        default_change_reason=reason or None,
    )
    bulk_written.send(sender=model, objs=created)
    return created


def bulk_update(model, objs, fields, *, user=None, reason: str = "", batch_size: int = 1000):
    """Update `fields` of `objs` and write one '~' history row each."""
    objs = list(objs)
    updated = bulk_update_with_history(
        objs,
        model,
        fields,
        batch_size=batch_size,
        default_user=user,
        default_change_reason=reason or None,
    )
    bulk_written.send(sender=model, objs=objs)
    return updated


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
