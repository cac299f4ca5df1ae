"""Build (or refresh) the demo district and print a login for every role.

Each app's demo data comes from its module in devdata/demo/ with a
`build(demo)` function; they run from the root app up (devdata.demo.BUILDERS),
so a later app finds what the earlier ones made. Running the command
again updates the same rows: it never duplicates. It refuses production
settings and a database with real accounts (see devdata/safety.py).
"""

import random
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from devdata.demo import BUILDERS
from devdata.safety import mark_generated, refuse_unless_safe

DEMO_PASSWORD = "Shequ@2026"


@dataclass
class Demo:
    """What the apps' demo builders share."""

    seed: int
    password: str = DEMO_PASSWORD
    actor: object = None  # the account demo records are attributed to
    areas: dict = field(default_factory=dict)  # name -> Area, for later builders
    accounts: dict = field(default_factory=dict)  # username -> User
    logins: list = field(default_factory=list)  # (username, role label, name, jurisdiction)

    def rng(self, section: str) -> random.Random:
        """A generator per section, so a section that skips work on a rerun
        does not shift the values every later section draws."""
        return random.Random(f"{self.seed}-{section}")

    def add_login(self, user):
        self.accounts[user.username] = user
        self.logins = [row for row in self.logins if row[0] != user.username]
        self.logins.append(
            (user.username, str(user.get_role_display()), user.name, user.jurisdiction_label)
        )


class Command(BaseCommand):
    help = "Build or refresh the demo district (Chinese names, one login per role)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument("--quiet", action="store_true", help="do not print the logins")

    def handle(self, *args, seed, quiet, **options):
        refuse_unless_safe("manage.py demo")
        demo = Demo(seed=seed)
        with transaction.atomic():
            for builder in BUILDERS:
                builder.build(demo)
            mark_generated()
        if not quiet:
            self.print_logins(demo)

    def print_logins(self, demo):
        out = self.stdout
        out.write("")
        out.write(
            self.style.SUCCESS(_("Demo district ready. Log in at /accounts/login/ or /admin/."))
        )
        out.write(_("Every demo account's password: %(password)s") % {"password": demo.password})
        out.write("")
        rows = [(_("Username"), _("Role"), _("Full name"), _("Jurisdiction")), *demo.logins]
        widths = [max(_display_width(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            out.write("  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True)))
        out.write("")


def _display_width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _pad(text, width):
    return str(text) + " " * (width - _display_width(text))
