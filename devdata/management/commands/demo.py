"""Build (or refresh) the demo district and print a login for every role.

Each app's demo data comes from its module in devdata/demo/ with a
`build(demo)` function; they run from the root app up (devdata.demo.BUILDERS),
so a later app finds what the earlier ones made. Running the command
again updates the same rows: it never duplicates. It refuses production
settings and a database with real accounts (see devdata/safety.py).

The demo tells its story as of one fixed day (devdata.demo.orgs.TODAY): it is
built with the platform's today pinned to that day, and every process that
shows it must read the same day (PLATFORM_TODAY, see lib.clock), or the
deadlines of its story fall due on the real calendar. `--pin` writes the day
into the project's `.env` (never committed; config/env.py reads it), so the
server, the worker and beat started from this folder all show it; `dev.py
start` passes it.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cached_property

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from config.env import BASE_DIR
from devdata.demo import BUILDERS
from devdata.demo.mall import DEMO_CLERK_PHONE
from devdata.demo.orgs import TODAY
from devdata.demo.residents import DEMO_RESIDENT_PHONE
from devdata.demo.volunteers import DEMO_VOLUNTEER_PHONE
from devdata.safety import mark_generated, refuse_unless_safe
from notifications.models import Notification

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

    @cached_property
    def password_hash(self) -> str:
        """The demo password hashed once: every demo account shares it, and
        hashing it for each of a few hundred accounts would take minutes.
        On a rerun the hash already stored is kept, so no account changes."""
        from orgs.models import User

        stored = User.objects.filter(username="admin").values_list("password", flat=True).first()
        if stored and check_password(self.password, stored):
            return stored
        return make_password(self.password)

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


def settle_the_inbox():
    """The notices the build sent tell the story's past (a spring project
    awarded, bids closed): read, and dated no later than the demo's morning,
    not on the build machine's calendar. What waits is on each workbench."""
    morning = timezone.make_aware(datetime.combine(TODAY, time(8, 0)))
    Notification.objects.filter(created_at__gt=morning).update(created_at=morning)
    Notification.objects.filter(read_at__isnull=True).update(read_at=morning)


class Command(BaseCommand):
    help = "Build or refresh the demo district (Chinese names, one login per role)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument("--quiet", action="store_true", help="do not print the logins")
        parser.add_argument(
            "--pin",
            action="store_true",
            help="write the demo's day (PLATFORM_TODAY) into .env for every process started here",
        )

    def handle(self, *args, seed, quiet, pin, **options):
        refuse_unless_safe("manage.py demo")
        demo = Demo(seed=seed)
        # Built on its own day, whatever the build machine's calendar says:
        # every service that dates or decides something reads lib.clock.
        with override_settings(PLATFORM_TODAY=TODAY), transaction.atomic():
            for builder in BUILDERS:
                builder.build(demo)
            settle_the_inbox()
            mark_generated()
        if pin:
            pin_today(BASE_DIR / ".env", TODAY)
        if not quiet:
            self.print_logins(demo)
            self.print_today(pinned=pin)

    def print_today(self, *, pinned):
        out = self.stdout
        out.write(self.style.WARNING(_("The demo's date is fixed at %(day)s.") % {"day": TODAY}))
        if pinned:
            out.write(
                _(
                    "Written to .env as PLATFORM_TODAY=%(day)s; remove that line to use the real date."
                )
                % {"day": TODAY}
            )
        elif settings.PLATFORM_TODAY != TODAY:
            out.write(
                _(
                    "Start the server, worker and beat with PLATFORM_TODAY=%(day)s (or run "
                    "manage.py demo --pin to write it into .env), or the demo's deadlines fall "
                    "due on the real date."
                )
                % {"day": TODAY}
            )
        out.write("")

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
        out.write(
            _(
                "A resident needs no account: at /me/ sign in with %(phone)s and the code "
                "the outbox shows (/notifications/outbox/, with DEBUG on)."
            )
            % {"phone": DEMO_RESIDENT_PHONE}
        )
        out.write(
            _(
                "A volunteer signs in the same way with %(phone)s, then opens /me/volunteer/ "
                "(hours, points, the certificate)."
            )
            % {"phone": DEMO_VOLUNTEER_PHONE}
        )
        out.write(
            _(
                "The points mall: the volunteer signs in at /me/mall/ with %(volunteer)s, "
                "the barber's clerk at /mall/provider/ with %(clerk)s, each with a code."
            )
            % {"volunteer": DEMO_VOLUNTEER_PHONE, "clerk": DEMO_CLERK_PHONE}
        )
        out.write("")


def pin_today(path, day) -> None:
    """Set PLATFORM_TODAY in the .env file, keeping its other lines."""
    lines = path.read_text().splitlines() if path.exists() else []
    kept = [line for line in lines if not line.startswith("PLATFORM_TODAY=")]
    path.write_text("\n".join([*kept, f"PLATFORM_TODAY={day.isoformat()}"]) + "\n")


def _display_width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _pad(text, width):
    return str(text) + " " * (width - _display_width(text))
