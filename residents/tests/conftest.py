import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _limits_forgotten():
    """The per-address limits live in the cache, which outlives a test's rows."""
    cache.clear()
    yield
    cache.clear()


def last_code(phone: str) -> str:
    """The code as the phone received it (the outbox keeps the variables)."""
    from notifications.models import TextMessage

    return TextMessage.objects.filter(phone=phone, template="code").latest("id").params["code"]
