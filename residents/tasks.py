from celery import shared_task

from . import codes


@shared_task(name="residents.forget_old_codes")
def forget_old_codes() -> int:
    return codes.forget_old_codes()
