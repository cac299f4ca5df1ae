from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import RollupRun


class FinishedMeanwhile(Exception):
    """Another worker finished this period while this one waited for it."""


@contextmanager
def recorded(kind: str, period: str, *, unless_finished_since=None):
    """Run a rollup's work as one transaction, recorded in its RollupRun.

    The run row is marked started (and committed) before the work, so a run
    a worker died in shows as started and unfinished; the work itself is all
    or nothing. Concurrent runs of the same kind and period queue behind the
    row lock instead of interleaving.

    With `unless_finished_since` (the Celery tasks pass the moment they
    started), a run that another worker finished after that moment, while
    this one waited behind its lock, is not done again: FinishedMeanwhile is
    raised instead. That is the copy the broker hands out after its
    visibility timeout while the first worker is still at it. A holder that
    died without finishing (its lock released when its connection went) is
    run again, as before.
    """
    now = timezone.now()
    run, _ = RollupRun.objects.get_or_create(kind=kind, period=period, defaults={"started_at": now})
    with transaction.atomic():
        held = RollupRun.objects.select_for_update().get(pk=run.pk)  # waits for a running one
        finished = held.finished_at
        if unless_finished_since and finished and finished >= unless_finished_since:
            raise FinishedMeanwhile(f"{kind} {period}")
        RollupRun.objects.filter(pk=run.pk).update(started_at=now, finished_at=None)
    counts: dict[str, int] = {}
    with transaction.atomic():
        RollupRun.objects.select_for_update().get(pk=run.pk)
        yield counts
        RollupRun.objects.filter(pk=run.pk).update(
            finished_at=timezone.now(), counts=counts, runs=F("runs") + 1
        )
