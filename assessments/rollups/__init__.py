"""The scheduled rollups (monthly, quarterly, annual).

Each takes its period explicitly, records a `RollupRun` unique per kind and
period, does all its work in one transaction, and is set-based: aggregates in
the database and bulk writes, never a query per organisation. Running one
again for the same period gives the same rows and duplicates nothing.
"""

from .annual import run_annual
from .monthly import run_monthly
from .quarterly import run_quarterly

__all__ = ["run_annual", "run_monthly", "run_quarterly"]
