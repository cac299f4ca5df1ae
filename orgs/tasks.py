from celery import shared_task

from orgs.importing import jobs
from orgs.importing.staging import purge_stale


@shared_task(name="orgs.purge_import_staging")
def purge_import_staging() -> int:
    """Delete checked spreadsheets nobody confirmed within a day, and import
    jobs older than IMPORT_JOB_KEEP_DAYS."""
    return purge_stale() + jobs.purge_finished()


@shared_task(name="orgs.check_import")
def check_import(job_id: int) -> str:
    """Check an uploaded ledger (nothing is written); safe to run again."""
    return jobs.run_check(job_id)


@shared_task(name="orgs.write_import")
def write_import(job_id: int) -> str:
    """Write a confirmed ledger, all rows or none; a rerun writes nothing more."""
    return jobs.run_write(job_id)
