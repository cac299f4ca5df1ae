"""A Django of its own: for what only a fresh process shows (settings read
from the environment at start-up, logging and error tracking set up once)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage_shell(script: str, env: dict) -> subprocess.CompletedProcess:
    """Run `script` in `manage.py shell` with exactly `env`; it must succeed."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done
