"""The apps depend on each other in one direction only (README, "How it is
built"): a module of an app never imports an app above it."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# Each app and the apps it may import.
ALLOWED = {
    "orgs": set(),
    "incubators": {"orgs"},
    "projects": {"orgs", "incubators"},
    "grids": {"orgs"},
    "assessments": {"orgs", "incubators", "projects", "grids"},
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(ALLOWED)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it(app):
    root = Path(settings.BASE_DIR) / app
    offending = {}
    for path in root.rglob("*.py"):
        uphill = imported_apps(path) - ALLOWED[app] - {app}
        if uphill:
            offending[str(path.relative_to(settings.BASE_DIR))] = sorted(uphill)
    assert offending == {}


def _calls(node):
    """The chain of method calls a call sits on: x.a().b().c() -> [c, b, a]."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        yield node
        node = node.func.value


def test_row_locks_with_joins_lock_only_their_own_rows():
    """`select_for_update()` next to `select_related` must say `of=("self",)`:
    PostgreSQL refuses FOR UPDATE across a nullable join, which SQLite never
    shows, and locking the joined rows too is never what a service means."""
    offending = []
    for app in ALLOWED:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                chain = list(_calls(node))
                names = {call.func.attr for call in chain}
                unscoped = [
                    call
                    for call in chain
                    if call.func.attr == "select_for_update"
                    and not any(k.arg == "of" for k in call.keywords)
                ]
                if unscoped and "select_related" in names:
                    offending.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}")
    assert sorted(set(offending)) == []
