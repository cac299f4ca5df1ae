"""What the benchmarks share: Django against the generated city, each variant
measured in a fresh process (so its peak memory is its own), and results
printed as a table and appended to bench/RESULTS.md with date and machine.

A benchmark script runs its variants as child processes of itself:

    python bench/export_ledger.py              # every variant, then the table
    python bench/export_ledger.py --variant X  # one variant, prints JSON

Benchmarks are not tests: nothing here runs in CI, and nothing asserts a time.
"""

import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/shequ_city"


def setup_django():
    """Django with the city database: DATABASE_URL, else the default city."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit(
            "The benchmarks measure PostgreSQL: set DATABASE_URL (see README.md, Performance)."
        )
    from orgs.models import Organisation

    if not Organisation.objects.exists():
        sys.exit(
            "No city in the database: run `manage.py city` first (see README.md, Performance), "
            f"with DATABASE_URL={os.environ['DATABASE_URL']}"
        )


_VACUUMED: list[str] = []


def vacuum(*labels: str) -> None:
    """VACUUM (ANALYZE) the tables of these models before measuring.

    PostgreSQL here runs with autovacuum off, and every benchmark that rolls
    back leaves its dead rows behind (the organisations table grew from 12 MB
    to 155 MB over a few runs), so each benchmark cleans what it touches first;
    report() then says which tables were cleaned.
    """
    setup_django()
    from django.apps import apps
    from django.db import connection

    tables = []
    for label in labels:
        model = apps.get_model(label)
        tables.append(model._meta.db_table)
        tables += [
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        ]
    with connection.cursor() as cursor:
        for table in dict.fromkeys(tables):
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')
    _VACUUMED.extend(t for t in tables if t not in _VACUUMED)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Measure:
    """Wall time and growth of peak memory over a block, for one variant."""

    def __enter__(self):
        self.start_peak = peak_mib()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.peak_growth = peak_mib() - self.start_peak
        return False


class CountQueries:
    """Counts every query (CaptureQueriesContext keeps only the last 9,000)."""

    def __enter__(self):
        from django.db import connection

        self.count = 0
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)
        return False

    def __len__(self):
        return self.count


class _Rollback(Exception):
    pass


def rolled_back(work) -> dict:
    """Run work() (which returns a dict) in a transaction rolled back after,
    so the city is left as it was; adds the number of queries it issued."""
    from django.db import transaction

    outcome = {}
    try:
        with transaction.atomic(), CountQueries() as queries:
            outcome = work()
            outcome["queries"] = len(queries)
            raise _Rollback
    except _Rollback:
        pass
    return outcome


def variant_main(variants: dict):
    """In a child: run one variant, print its figures as JSON on the last line."""
    name = sys.argv[sys.argv.index("--variant") + 1]
    setup_django()
    figures = variants[name]()
    print(json.dumps(figures, ensure_ascii=False, default=str))


def run_variant(script: str, name: str, *extra: str, database: str | None = None) -> dict:
    env = dict(os.environ, DATABASE_URL=database) if database else None
    completed = subprocess.run(
        [sys.executable, script, "--variant", name, *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        sys.exit(f"variant {name} failed")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.node()}: {os.cpu_count()} cores ({cpu}){memory}, Python {platform.python_version()}"


def postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    lines = ["| " + " | ".join(row) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("---" for _ in headers) + "|")
    return "\n".join(lines)


def report(title: str, headers: list[str], rows: list[list], notes: list[str]) -> None:
    """Print the table and append it, dated, to bench/RESULTS.md."""
    setup_django()
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    text = "\n".join(
        [
            f"### {title}",
            "",
            f"{stamp} · {machine()} · PostgreSQL {postgres_version()}",
            "",
            table(headers, rows),
            "",
            *[f"- {note}" for note in notes],
            *(
                [f"- Vacuumed and analysed before measuring: {', '.join(_VACUUMED)}."]
                if _VACUUMED
                else []
            ),
            "",
            "",
        ]
    )
    print(text)
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(text)


def ratio(baseline: float, ours: float) -> str:
    return f"{baseline / ours:.1f}×" if ours else "∞"
