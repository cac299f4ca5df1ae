#!/usr/bin/env python3
"""The two commands a newcomer needs; only Python 3.11+ is required.

    python3 dev.py start   set up, load the demo district, start the server
    python3 dev.py test    set up, run the whole test suite (pytest arguments pass through)

Setting up means: a virtual environment in .venv, the dependencies from the
lock files in requirements/ (exact versions with their hashes, made from
pyproject.toml by ops/lock; installed again only when the lock changes), and
the database migrated. With no environment this is SQLite and in-process Celery; set
DATABASE_URL and REDIS_URL to use PostgreSQL and Redis instead.
"""

import sys

if sys.version_info < (3, 11):  # noqa: UP036 - say why, rather than fail on newer syntax below
    sys.exit(f"Python 3.11 or newer is needed (found {sys.version.split()[0]}).")

import argparse
import hashlib
import os
import subprocess
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed-requirements"


def run(*args, env=None):
    print("$", " ".join(str(a) for a in args), flush=True)
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def lock_file(extras: tuple[str, ...]) -> Path:
    """The lock to install: requirements/dev.txt with the dev extra, else base.txt."""
    return ROOT / "requirements" / ("dev.txt" if "dev" in extras else "base.txt")


def set_up(extras: tuple[str, ...] = ()) -> None:
    if not PYTHON.exists():
        print(f"Creating the virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock = lock_file(extras)
    # Installed again only when the lock changes: its digest is the stamp.
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != digest:
        run(
            PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q",
            "--require-hashes", "-r", lock,
        )  # fmt: skip
        STAMP.write_text(digest)


def manage(*args, env=None):
    run(PYTHON, "manage.py", *args, env=env)


def pinned_today() -> str:
    """The demo's day, as `manage.py demo --pin` wrote it into .env."""
    env_file = ROOT / ".env"
    lines = env_file.read_text().splitlines() if env_file.exists() else []
    return next(
        (ln.split("=", 1)[1].strip() for ln in lines if ln.startswith("PLATFORM_TODAY=")), ""
    )


def start(options) -> None:
    set_up()
    manage("migrate", "--noinput")
    # --pin writes the demo's fixed day into .env (gitignored, read by
    # config/env.py), so this server and any worker, beat or runserver
    # started by hand from this folder show the demo on its day.
    manage("demo", "--pin")
    today = pinned_today()
    # (the demo command has said so; the day also beats a stale shell variable)
    env = dict(os.environ, PLATFORM_TODAY=today) if today else None
    if os.environ.get("REDIS_URL"):
        print(
            "REDIS_URL is set: start a worker and beat in other terminals:\n"
            "  .venv/bin/celery -A config worker -l info\n"
            "  .venv/bin/celery -A config beat -l info\n",
            flush=True,
        )
    manage("runserver", f"{options.host}:{options.port}", env=env)


def test(options, pytest_args) -> None:
    set_up(extras=("dev",))
    # The suite runs on the real calendar, even after a demo pinned its day in .env.
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", PLATFORM_TODAY="")
    if not pytest_args:
        # The whole suite: one worker per core (pytest-xdist), each test file
        # kept on one worker so its module fixtures are built once.
        pytest_args = ["-n", "auto", "--dist", "loadfile"]
    run(PYTHON, "-m", "pytest", *pytest_args, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    start_parser = commands.add_parser("start", help="set up and start with the demo district")
    start_parser.add_argument("--host", default="127.0.0.1")
    start_parser.add_argument("--port", default="8000")
    commands.add_parser("test", help="set up and run the test suite")
    options, rest = parser.parse_known_args()
    if options.command == "start":
        if rest:
            parser.error("unexpected arguments: " + " ".join(rest))
        start(options)
    else:
        test(options, rest)


if __name__ == "__main__":
    main()
