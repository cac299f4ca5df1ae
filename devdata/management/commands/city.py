"""Generate a city-sized dataset for benchmarks and load tests (issue 9).

    manage.py city                 # Wuhan-sized: 38,000 organisations, 1,000,000 tickets
    manage.py city --scale 0.01    # a hundredth of it, in seconds

Each app's tables come from its module in devdata/city/ (see devdata.citygen). The whole city
is written in one transaction: it lands complete or not at all. Meant for an
empty, migrated database (PostgreSQL for the full size); it refuses to write
a second city with the same code, and refuses production settings and a
database with real accounts (see devdata/safety.py).
"""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devdata.city import BUILDERS
from devdata.citygen import City, sizes_for
from devdata.management.commands.demo import DEMO_PASSWORD
from devdata.safety import mark_generated, refuse_unless_safe
from orgs.models import Area


class Command(BaseCommand):
    help = _("Generate a city-sized dataset (Chinese names, deterministic from a seed).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="1.0 is Wuhan-sized (default); 0.01 a hundredth",
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the city's today, YYYY-MM-DD (default: today); scores cover the year before",
        )
        parser.add_argument("--code", default="4201", help="the city's 4-digit division code")

    def handle(self, *args, scale, seed, today, code, verbosity, **options):
        if scale <= 0:
            raise CommandError(_("The scale must be more than 0."))
        refuse_unless_safe("manage.py city")
        if Area.objects.filter(code=code).exists():
            raise CommandError(
                _("A city with code %(code)s is already in the database; use an empty one.")
                % {"code": code}
            )
        city = City(
            seed=seed,
            today=today or timezone.localdate(),
            sizes=sizes_for(scale),
            code=code,
            progress=self.stdout.write if verbosity > 1 else None,
        )
        started = time.monotonic()
        with transaction.atomic():
            for builder in BUILDERS:
                city.say(builder.__name__.rpartition(".")[2])
                builder.build(city)
            mark_generated()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = time.monotonic() - started
        for label, count in sorted(city.counts.items()):
            self.stdout.write(f"{label:32} {count:>12,}")
        self.stdout.write(
            self.style.SUCCESS(
                _("City %(name)s generated in %(seconds).0f s.")
                % {"name": city.name, "seconds": seconds}
            )
        )
        self.stdout.write(
            _(
                "Accounts: admin<city code>, d<district code>, s<street code>, c<community code>, "
                "o<organisation id>; password %(password)s"
            )
            % {"password": DEMO_PASSWORD}
        )
