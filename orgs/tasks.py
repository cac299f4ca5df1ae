from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from orgs.models import Notification


@shared_task(
    name="orgs.email_notification", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def email_notification(notification_id: int) -> bool:
    """Email a notification; a retry after a crash sends at most once more."""
    note = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if note is None or not note.user.email:
        return False
    link = (
        f"\n\n{settings.SITE_URL.rstrip('/')}{note.link}" if note.link and settings.SITE_URL else ""
    )
    send_mail(note.title, f"{note.body}{link}", None, [note.user.email])
    return True


@shared_task(name="orgs.build_download")
def build_download(download_id: int) -> str:
    """Build one download-centre file; safe to run again."""
    from orgs.services.downloads import build

    download = build(download_id)
    return download.status if download else "failed"


@shared_task(name="orgs.purge_downloads")
def purge_downloads() -> int:
    """Delete downloads past their keeping days."""
    from orgs.services.downloads import purge_expired

    return purge_expired()


@shared_task(name="orgs.purge_import_staging")
def purge_import_staging() -> int:
    """Delete checked spreadsheets nobody confirmed within a day."""
    from orgs.importing.staging import purge_stale

    return purge_stale()
