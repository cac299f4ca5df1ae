"""Run a rollup by hand for any period:

    manage.py rollup monthly 2026-10
    manage.py rollup quarterly 2026-Q3
    manage.py rollup annual 2025

Without a period, the one that has just ended. Safe to rerun.
"""

from django.core.management.base import BaseCommand, CommandError

from lib.periods import Month, Quarter, Year

from ...rollups import run_annual, run_monthly, run_quarterly

PERIODS = {"monthly": Month, "quarterly": Quarter, "annual": Year}


def parse(kind: str, text: str | None):
    """The period to run: the one `text` names, or the one that has just
    ended; None when `text` is not a period of the kind."""
    period = PERIODS[kind]
    try:
        found = period.parse(text) if text else period.current().previous()
    except ValueError:
        return None
    return found


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
