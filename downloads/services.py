"""The download centre, asked: `request_download` records what was asked and
queues the build after the transaction commits (the build itself is
`downloads.builder`, run by the worker)."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from lib.spreadsheets import exporters
from orgs.models import Area

from .models import Download, DownloadStatus
from .tasks import build_download

log = logging.getLogger(__name__)


def request_download(*, user, kind: str, fmt: str = "xlsx", area: Area | None = None) -> Download:
    exporter = exporters.get(kind)
    if exporter is None or not exporter.allowed(user):
        raise PermissionDenied
    if fmt not in ("xlsx", "csv"):
        raise ValidationError(_("Choose Excel or CSV."))
    params = {}
    title = str(exporter.title)
    if area is not None:
        if not Area.objects.for_user(user).filter(pk=area.pk).exists():
            raise ValidationError(_("That area is outside your jurisdiction."))
        params["area"] = area.pk
        title = f"{title}（{area.name}）"
    download = Download.objects.create(owner=user, kind=kind, title=title, params=params, fmt=fmt)
    transaction.on_commit(lambda: _queue(download.pk))
    return download


NOT_QUEUED = "not queued: the task broker could not be reached"


def _queue(download_id: int) -> None:
    """Queue the build. With the broker down or cut off (the publish is
    bounded by the broker timeouts in settings), the download is marked
    failed, so it is not "being prepared" forever: the page says so and the
    user asks again."""
    try:
        build_download.delay(download_id)
    except OperationalError:  # kombu's: the broker could not be reached
        log.warning("download %s %s", download_id, NOT_QUEUED, exc_info=True)
        Download.objects.filter(pk=download_id, status=DownloadStatus.QUEUED).update(
            status=DownloadStatus.FAILED, error=NOT_QUEUED, finished_at=timezone.now()
        )
