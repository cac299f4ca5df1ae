"""The download centre's builder, run by the worker (`downloads.tasks`).

`build` streams the rows from one query into the constant-memory writer,
reporting progress as it goes, and stores the file privately. A worker
killed mid-build leaves the download "being prepared"; the redelivered task
(acks_late) starts it again, a finished one is never built twice, and one
being built is never built by two workers at once (`_claim`).
`purge_expired` deletes what has passed its days.
"""

import logging
import tempfile
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone

from lib.spreadsheets import exporters
from lib.spreadsheets.writer import ExportInfo
from orgs.models import Area
from orgs.spreadsheets import file_stamp, write_spreadsheet

from .models import Download, DownloadStatus

log = logging.getLogger(__name__)
PROGRESS_EVERY = 500


def _source(download: Download):
    exporter = exporters.get(download.kind)
    queryset = exporter.queryset(download.owner)
    area_id = download.params.get("area")
    if area_id:
        area = Area.objects.get(pk=area_id)
        queryset = queryset.in_area(area)
    return exporter, queryset


@contextmanager
def _claim(download_id: int):
    """Yields True if this process may build the download now.

    With a short broker visibility timeout (CELERY_BROKER_TRANSPORT_OPTIONS)
    a city-wide export can outlast it, and the broker hands the same task to
    a second worker while the first is still writing. The builder holds a
    PostgreSQL advisory lock on the download for as long as it builds; a
    copy that cannot take it leaves the download to its builder. The lock
    belongs to the database session, so a builder that dies (SIGKILL, OOM,
    a lost machine) releases it with its connection and the next delivery
    builds again. SQLite runs tasks in-process, one at a time: nothing to claim.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    # The key keeps the task's name, so an old and a new worker, side by
    # side during an upgrade, claim the same lock.
    key = f"orgs.build_download:{download_id}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", [key])
        claimed = cursor.fetchone()[0]
    try:
        yield claimed
    finally:
        if claimed:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", [key])


def build(download_id: int) -> Download | None:
    """Build the file, unless it is done or another worker is building it now."""
    with _claim(download_id) as claimed:
        if not claimed:
            log.info("download %s is being built by another worker; leaving it", download_id)
            return Download.objects.filter(pk=download_id).first()
        return _build(download_id)


def _build(download_id: int) -> Download | None:
    with transaction.atomic():
        download = (
            Download.objects.select_for_update(of=("self",))
            .select_related("owner")
            .filter(pk=download_id)
            .first()
        )
        if download is None or download.status == DownloadStatus.DONE:
            return download
        download.status = DownloadStatus.RUNNING
        download.started_at = timezone.now()
        download.rows_done = 0
        download.save(update_fields=["status", "started_at", "rows_done"])
    try:
        exporter, queryset = _source(download)
        total = queryset.count()
        Download.objects.filter(pk=download.pk).update(rows_total=total)

        def counted(rows):
            for done, row in enumerate(rows, start=1):
                yield row
                if done % PROGRESS_EVERY == 0:
                    Download.objects.filter(pk=download.pk).update(rows_done=done)

        rows = counted(exporter.rows(queryset, download.owner))
        columns = exporter.columns()
        info = ExportInfo.by(download.owner, title=download.title, kind=download.kind)
        stamp = file_stamp(download.owner)
        with tempfile.TemporaryFile() as handle:
            count = write_spreadsheet(handle, download.fmt, columns, rows, info)
            handle.seek(0)
            download.file.save(f"{download.kind}-{stamp}.{download.fmt}", File(handle), save=False)
        download.status = DownloadStatus.DONE
        download.rows_total = count
        download.rows_done = count
        download.finished_at = timezone.now()
        download.expires_at = download.finished_at + timedelta(days=settings.DOWNLOAD_KEEP_DAYS)
        download.save()
    except Exception as exc:
        log.exception("download %s failed", download.pk)
        Download.objects.filter(pk=download.pk).update(
            status=DownloadStatus.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        return None
    return download


def purge_expired(now=None) -> int:
    """Delete finished downloads past their days, files first."""
    now = now or timezone.now()
    gone = 0
    for download in Download.objects.filter(expires_at__lte=now):
        if download.file:
            download.file.delete(save=False)
        download.delete()
        gone += 1
    return gone
