"""Ledger imports, asked: `start_import` keeps the uploaded file in the
private storage and queues its check; `confirm_import` queues the write of a
checked file. Both answer at once; the work is the worker's
(orgs.importing.jobs), and the job's page shows how far it has come."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from orgs.importing import staging
from orgs.importing.jobs import IMPORTERS
from orgs.models import ImportJob, ImportState
from orgs.models.imports import NOT_QUEUED
from orgs.tasks import check_import, write_import

log = logging.getLogger(__name__)


def start_import(*, user, kind: str, upload) -> ImportJob:
    """Stage the file and queue its check. Raises ValidationError for a file
    too big to consider; everything else about it is the check's to say."""
    if kind not in IMPORTERS:
        raise PermissionDenied
    data = upload.read(settings.IMPORT_MAX_BYTES + 1)
    if len(data) > settings.IMPORT_MAX_BYTES:
        size = max(len(data), getattr(upload, "size", 0) or 0)
        raise ValidationError(
            _("The file is %(size)s MB; files up to %(limit)s MB can be imported.")
            % {
                "size": round(size / 1_048_576, 1),
                "limit": settings.IMPORT_MAX_BYTES // 1_048_576,
            }
        )
    job = ImportJob.objects.create(
        owner=user,
        kind=kind,
        filename=(upload.name or "")[-200:],
        language=translation.get_language() or "",
        staged=staging.stage(data, upload.name or ""),
    )
    transaction.on_commit(lambda: _queue(check_import, job.pk, ImportState.CHECKING))
    return job


def confirm_import(*, user, job_id: int) -> ImportJob:
    """Queue the write of a checked file; only its owner may, once."""
    moved = ImportJob.objects.filter(pk=job_id, owner=user, state=ImportState.CHECKED).update(
        state=ImportState.WRITING, rows_done=0, language=translation.get_language() or ""
    )
    if not moved:
        raise ValidationError(_("This import cannot be confirmed (any more)."))
    transaction.on_commit(lambda: _queue(write_import, job_id, ImportState.WRITING))
    return ImportJob.objects.get(pk=job_id)


def _queue(task, job_id: int, state: str) -> None:
    """With the broker down the job is marked failed, not left pending."""
    try:
        task.delay(job_id)
    except OperationalError:  # kombu's: the broker could not be reached
        log.warning("import %s %s", job_id, NOT_QUEUED, exc_info=True)
        ImportJob.objects.filter(pk=job_id, state=state).update(
            state=ImportState.FAILED, error=NOT_QUEUED, finished_at=timezone.now()
        )
