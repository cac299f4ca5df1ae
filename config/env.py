"""One environment reader for every settings module.

Values come from the process environment, or from a `.env` file in the
project folder when one exists (handy on a server; never committed).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")


def require(*names: str) -> None:
    """Fail at start-up, naming every missing variable at once."""
    missing = [name for name in names if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            "Production settings need these environment variables: " + ", ".join(missing)
        )


def dev_secret_key() -> str:
    """A random key kept in `.dev-secret`, so dev sessions survive a restart."""
    from django.core.management.utils import get_random_secret_key

    path = BASE_DIR / ".dev-secret"
    if not path.exists():
        path.write_text(get_random_secret_key())
    return path.read_text().strip()
