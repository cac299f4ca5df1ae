import pytest
from django.core.cache import cache

from .helpers import TODAY


@pytest.fixture(autouse=True)
def _on_the_day(settings):
    """The platform's day pinned: ages read from ID numbers stay as written."""
    settings.PLATFORM_TODAY = TODAY
    cache.clear()  # the sign-in code limits live in the cache
    yield
    cache.clear()
