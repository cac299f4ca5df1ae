"""The lock files: current with pyproject.toml, every package pinned and hashed."""

import re
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ROOT / "requirements"


def lock_script():
    loader = SourceFileLoader("ops_lock", str(ROOT / "ops" / "lock"))
    module = module_from_spec(spec_from_loader("ops_lock", loader))
    loader.exec_module(module)
    return module


def pins(lock: Path) -> dict[str, str]:
    """{normalised name: version} of every requirement, each checked for a hash."""
    found = {}
    for block in re.split(r"\n(?=\S)", lock.read_text(encoding="utf-8")):
        if block.startswith("#") or not block.strip():
            continue
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)", block)
        assert match, f"not pinned: {block.splitlines()[0]}"
        assert "--hash=sha256:" in block, f"no hash: {match[1]}"
        found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


@pytest.mark.parametrize("name", ["base", "dev"])
def test_the_lock_was_made_from_todays_pyproject(name):
    script = lock_script()
    recorded = script.recorded_digest(LOCKS / f"{name}.txt")
    assert recorded == script.dependency_digest(), (
        "pyproject.toml's dependencies changed since the lock was made: run ops/lock"
    )


def test_every_package_is_pinned_with_hashes_and_dev_keeps_bases_versions():
    base, dev = pins(LOCKS / "base.txt"), pins(LOCKS / "dev.txt")
    for must in ("django", "celery", "psycopg-binary", "sentry-sdk", "pytest"):
        assert must in dev
    assert "pytest" not in base
    assert {name: dev[name] for name in base} == base


def test_the_lock_names_every_dependency_of_pyproject():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    names = {re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", w)[0]).lower() for w in wanted}
    assert names <= set(pins(LOCKS / "dev.txt"))
