from contextlib import contextmanager

from django.db import transaction
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
