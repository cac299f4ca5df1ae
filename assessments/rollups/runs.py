from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from ..models import RollupRun


@contextmanager
def recorded(kind: str, period: str):
    """Run a rollup's work as one transaction, recorded in its RollupRun.

    The run row is marked started (and committed) before the work, so a run
    a worker died in shows as started and unfinished; the work itself is all
    or nothing. Concurrent runs of the same kind and period queue behind the
    row lock instead of interleaving.
    """
    now = timezone.now()
    run, _ = RollupRun.objects.get_or_create(kind=kind, period=period, defaults={"started_at": now})
    RollupRun.objects.filter(pk=run.pk).update(started_at=now, finished_at=None)
    counts: dict[str, int] = {}
    with transaction.atomic():
        RollupRun.objects.select_for_update().get(pk=run.pk)
        yield counts
        RollupRun.objects.filter(pk=run.pk).update(
            finished_at=timezone.now(), counts=counts, runs=F("runs") + 1
        )


def running_elsewhere(kind: str, period: str) -> bool:
    """True while another session runs this rollup (holds its run row).

    For the Celery tasks: a message redelivered while the first worker is
    still at it (its visibility timeout passed) leaves the run to that worker
    instead of queueing behind its lock to do it all again. By hand,
    `manage.py rollup` waits its turn. SQLite has no row locks, and runs
    tasks in-process, one at a time."""
    if connection.vendor != "postgresql":
        return False
    with transaction.atomic():
        exists = RollupRun.objects.filter(kind=kind, period=period)
        free = exists.select_for_update(skip_locked=True).values_list("pk", flat=True)
        return exists.exists() and not free.exists()
