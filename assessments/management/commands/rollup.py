"""Run a rollup by hand for any period:

    manage.py rollup monthly 2026-10
    manage.py rollup quarterly 2026-Q3
    manage.py rollup annual 2025

Without a period, the one that has just ended. Safe to rerun.
"""

import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lib.periods import Month, Quarter

from ...rollups import run_annual, run_monthly, run_quarterly


def parse(kind: str, text: str | None):
    today = timezone.localdate()
    try:
        if kind == "monthly":
            if not text:
                return Month.of(today).previous()
            found = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
            return Month(int(found[1]), int(found[2])) if found else None
        if kind == "quarterly":
            if not text:
                return Quarter.current().previous()
            found = re.fullmatch(r"(\d{4})-?[Qq](\d)", text)
            return Quarter(int(found[1]), int(found[2])) if found else None
        if not text:
            return today.year - 1
        return int(text) if re.fullmatch(r"\d{4}", text) else None
    except ValueError:
        return None


class Command(BaseCommand):
    help = "Run the monthly, quarterly or annual rollup for a period (safe to rerun)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["monthly", "quarterly", "annual"])
        parser.add_argument("period", nargs="?", help="2026-10, 2026-Q3 or 2026")

    def handle(self, *args, kind, period, **options):
        parsed = parse(kind, period)
        if parsed is None:
            raise CommandError(f"Not a {kind} period: {period!r} (e.g. 2026-10, 2026-Q3, 2026).")
        run = {"monthly": run_monthly, "quarterly": run_quarterly, "annual": run_annual}[kind]
        counts = run(parsed)
        self.stdout.write(
            f"{kind} {period or parsed}: "
            + ", ".join(f"{key} {value}" for key, value in counts.items())
        )
