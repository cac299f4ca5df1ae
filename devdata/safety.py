"""The demo and the city generator never touch a live office's database.

Both make accounts whose password is published in the README. So they run
only where generated data is allowed (DEBUG on, or the test settings:
`GENERATED_DATA_ALLOWED`), and only on a database whose every account was
made by a generator: each account they make is marked with an email address
under the reserved `.invalid` domain (RFC 2606), which no real office uses.
A database with any other account (the superuser `createsuperuser` made, an
officer added in the admin) holds real data, and they refuse.

There is no override: a developer who wants the demo again starts from an
empty database (delete db.sqlite3, or createdb a new one).
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from orgs.models import User

GENERATED_DOMAIN = "@demo.invalid"


def refuse_unless_safe(command: str) -> None:
    """Raise CommandError unless `command` may write generated data here."""
    if not getattr(settings, "GENERATED_DATA_ALLOWED", settings.DEBUG):
        raise CommandError(
            _(
                "%(command)s refuses to run on production settings (DEBUG is off): its "
                "accounts share a published password. Use it only on a development machine."
            )
            % {"command": command}
        )
    real = User.objects.exclude(email__iendswith=GENERATED_DOMAIN).count()
    if real:
        raise CommandError(
            _(
                "%(command)s refuses to run: this database already has %(count)d accounts "
                "that no generator made, so it holds real data. Use an empty database "
                "(delete db.sqlite3, or create a new database) for the demo."
            )
            % {"command": command, "count": real}
        )


def mark_generated() -> int:
    """Mark the accounts just made (every unmarked one, as none was before)."""
    return User.objects.exclude(email__iendswith=GENERATED_DOMAIN).update(
        email=Concat("username", Value(GENERATED_DOMAIN))
    )
