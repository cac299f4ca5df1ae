from celery import shared_task

from orgs.importing.staging import purge_stale


@shared_task(name="orgs.purge_import_staging")
def purge_import_staging() -> int:
    """Delete checked spreadsheets nobody confirmed within a day."""
    return purge_stale()
