"""The import jobs' work, run by the worker (orgs.tasks); asking for it is
orgs.services.imports.

`run_check` reads the staged file from the private storage (so any machine
can), checks every row and leaves the report on the job: CHECKED when the
file is good, REJECTED with its problems, FAILED when it cannot be read.
`run_write` checks again (the data may have changed since) and writes in
bulk. Who writes is decided under the job row's lock, in the transaction
that writes: the write and the job's move to DONE commit together, so a
copy of the task run again, or delivered while the first still runs, finds
the job DONE and writes nothing, and a worker killed mid-write leaves
nothing written and the job WRITING for the redelivered task to do.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lib.spreadsheets.reader import SpreadsheetError
from orgs.ledger import ORGANISATION_FIELDS, PEOPLE_FIELDS
from orgs.models import ImportJob, ImportState
from orgs.models.imports import PENDING_IMPORT_STATES

from . import engine, staging
from .organisations import OrganisationImport
from .people import PeopleImport

log = logging.getLogger(__name__)

#: job kind -> (the resource whose rules check a row, the ledger's columns)
IMPORTERS = {
    "organisations": (OrganisationImport, ORGANISATION_FIELDS),
    "people": (PeopleImport, PEOPLE_FIELDS),
}


def _progress(job_id: int):
    def report(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(rows_done=done, rows_total=total)

    return report


def _checked(job: ImportJob):
    """(resource, report, plan) for the job's staged file; raises
    SpreadsheetError when the file is gone or cannot be read."""
    data = staging.load(job.staged) if job.staged else None
    if data is None:
        raise SpreadsheetError(_("This check has expired: upload the file again."))
    resource_class, fields = IMPORTERS[job.kind]
    resource = resource_class(user=job.owner)
    report, plan = engine.check(
        SimpleUploadedFile(job.filename, data),
        resource=resource,
        fields=fields,
        progress=_progress(job.pk),
    )
    return resource, report, plan


def _finish(job_id: int, from_state: str, **changes) -> bool:
    """Move the job on if it is still where this run found it."""
    changes.setdefault("finished_at", timezone.now())
    return bool(ImportJob.objects.filter(pk=job_id, state=from_state).update(**changes))


def _fail(job: ImportJob, from_state: str, error: str) -> None:
    if _finish(job.pk, from_state, state=ImportState.FAILED, error=error[:500]):
        _discard(job)


def _discard(job: ImportJob) -> None:
    if job.staged:
        staging.discard(job.staged)
        ImportJob.objects.filter(pk=job.pk).update(staged="")


def _job(job_id: int, state: str):
    job = ImportJob.objects.select_related("owner").filter(pk=job_id).first()
    return job if job is not None and job.state == state else None


def run_check(job_id: int) -> str:
    """Check the job's file; nothing is written. Safe to run again."""
    job = _job(job_id, ImportState.CHECKING)
    if job is None:
        return "nothing to do"
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _check(job)


def broke_message(job: ImportJob) -> str:
    return _(
        "The platform broke while reading this file, and nothing was imported. "
        "Try again; if it happens again, tell your system administrator "
        "(import %(job)s)."
    ) % {"job": job.pk}


def _checked_or_failed(job: ImportJob, state: str):
    """_checked(job), or None with the job FAILED (from `state`) when the
    file is gone, cannot be read or the check broke."""
    try:
        return _checked(job)
    except SpreadsheetError as exc:
        _fail(job, state, str(exc))
    except Exception:
        log.exception("import %s: the check (%s) failed", job.pk, state)
        # The officer reads this; the traceback went to the log above.
        _fail(job, state, broke_message(job))
    return None


def _check(job: ImportJob) -> str:
    job_id = job.pk
    checked = _checked_or_failed(job, ImportState.CHECKING)
    if checked is None:
        return ImportState.FAILED
    _resource, report, _plan = checked
    state = ImportState.CHECKED if report.ok else ImportState.REJECTED
    now = timezone.now()
    done = _finish(
        job_id,
        ImportState.CHECKING,
        state=state,
        report=report.as_dict(),
        rows_done=report.total,
        rows_total=report.total,
        checked_at=now,
        finished_at=None if report.ok else now,
    )
    if done and not report.ok:
        _discard(job)
    return state


def run_write(job_id: int) -> str:
    """Check the job's file again and write it, all or nothing, once."""
    job = _job(job_id, ImportState.WRITING)
    if job is None:
        return "nothing to do"
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _write(job)


def _write(job: ImportJob) -> str:
    job_id = job.pk
    checked = _checked_or_failed(job, ImportState.WRITING)
    if checked is None:
        return ImportState.FAILED
    resource, report, plan = checked
    try:
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job_id)
            if locked.state != ImportState.WRITING:
                return locked.state  # another run of this task has done it
            if report.ok:
                engine.write(resource, plan)
                report.committed = True
            locked.state = ImportState.DONE if report.ok else ImportState.REJECTED
            locked.report = report.as_dict()
            locked.rows_done = report.total
            locked.finished_at = timezone.now()
            locked.save(update_fields=["state", "report", "rows_done", "finished_at"])
    except DatabaseError:
        # Rolled back, nothing written: a row written by someone else since
        # the check breaks a rule of the database. Its words (and the values
        # it quotes) go to the scrubbed log, not to the officer.
        log.warning("import %s: the database refused the write", job_id, exc_info=True)
        report.problems.append(engine.refused_by_database())
        _finish(job_id, ImportState.WRITING, state=ImportState.REJECTED, report=report.as_dict())
    except Exception:
        log.exception("import %s: the write failed", job_id)
        _fail(job, ImportState.WRITING, broke_message(job))
    _discard(job)
    return ImportJob.objects.values_list("state", flat=True).get(pk=job_id)


def purge_finished(now=None) -> int:
    """Delete the jobs, and their reports, of imports finished or abandoned
    more than IMPORT_JOB_KEEP_DAYS ago: a report quotes the file's rows, so
    it is kept as long as an officer may come back to it, not for ever.
    Returns how many were deleted."""
    now = now or timezone.now()
    # A job still "being checked" or "being imported" a day on lost its
    # worker for good (a redelivered task comes within minutes): say so.
    ImportJob.objects.filter(
        created_at__lt=now - staging.KEEP, state__in=PENDING_IMPORT_STATES
    ).update(
        state=ImportState.FAILED,
        finished_at=now,
        error=_("This import was interrupted, and nothing was imported. Upload the file again."),
    )
    cutoff = now - timedelta(days=settings.IMPORT_JOB_KEEP_DAYS)
    old = ImportJob.objects.filter(created_at__lt=cutoff).exclude(state__in=PENDING_IMPORT_STATES)
    for staged in old.exclude(staged="").values_list("staged", flat=True):
        staging.discard(staged)
    deleted, _by_model = old.delete()
    return deleted
