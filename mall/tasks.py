from celery import shared_task

from . import services


@shared_task(name="mall.expire_exchanges")
def expire_exchanges() -> int:
    return services.expire_overdue()
