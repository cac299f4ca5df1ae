"""The download centre's background work. The service that asks for a
download imports this module to queue the build; this module imports only
the builder, so the two never import each other."""

from celery import shared_task

from .builder import build, purge_expired


# The names are what travels on the broker, so they keep the "orgs." they
# were born with: during a rolling upgrade an old web process may queue a
# build for a new worker, or the reverse.
@shared_task(name="orgs.build_download")
def build_download(download_id: int) -> str:
    """Build one download-centre file; safe to run again."""
    download = build(download_id)
    return download.status if download else "failed"


@shared_task(name="orgs.purge_downloads")
def purge_downloads() -> int:
    """Delete downloads past their keeping days."""
    return purge_expired()
