"""The layout is the architecture (README, "How it is built";
docs/architecture.md): a toolbox floor (`lib`) that imports none of our
packages, the apps above it in one direction, the generators (`devdata`) on
top where no one imports them; no import cycle between files; small units."""

import ast
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Each app and the apps it may import.
ALLOWED = {
    "orgs": set(),
    # Services every app uses, addressed to an account.
    "notifications": {"orgs"},
    "downloads": {"orgs"},
    "incubators": {"orgs", "notifications", "downloads"},
    "projects": {"orgs", "notifications", "downloads", "incubators"},
    "grids": {"orgs", "notifications", "downloads"},
    "residents": {"orgs", "notifications", "downloads", "incubators", "projects", "grids"},
    "volunteers": {"orgs", "notifications", "downloads", "residents"},
    "activities": {
        "orgs",
        "notifications",
        "downloads",
        "incubators",
        "projects",
        "grids",
        "residents",
        "volunteers",
    },
    "mall": {"orgs", "notifications", "downloads", "residents", "volunteers"},
    # The rest of the seeds (issue 24).
    "party": {"orgs", "notifications", "downloads", "grids", "residents"},
    "visits": {"orgs", "notifications", "downloads", "grids", "residents", "volunteers", "party"},
    "venues": {"orgs", "notifications", "downloads", "incubators", "grids", "residents"},
    "honours": {"orgs", "notifications", "downloads", "incubators"},
    "stories": {"orgs", "notifications", "downloads", "incubators", "projects", "activities"},
    "claims": {
        "orgs",
        "notifications",
        "downloads",
        "incubators",
        "projects",
        "grids",
        "residents",
        "party",
    },
    "assessments": {
        "orgs",
        "notifications",
        "downloads",
        "incubators",
        "projects",
        "grids",
        "residents",
        "volunteers",
        "activities",
        "mall",
        "party",
        "visits",
        "venues",
        "honours",
        "stories",
        "claims",
    },
}
APPS = set(ALLOWED)
# Our top-level packages: the floors and the apps, the settings, the benchmarks.
PACKAGES = ("lib", *ALLOWED, "devdata", "config", "bench")


def source_files(package: str):
    """A package's own code: its tests and migrations are not part of the house."""
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" not in parts and "migrations" not in parts:
            yield path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def imports(path: Path) -> tuple[str, ...]:
    """Every module a file imports, at the top or inside a function, relative
    imports resolved; `from package import name` counts as importing the
    submodule `name` where there is one."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append(base)
            found += [f"{base}.{alias.name}" for alias in node.names]
    return tuple(found)


def top_packages(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imports(path)}


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it(app):
    offending = {}
    for path in source_files(app):
        uphill = (top_packages(path) & APPS) - ALLOWED[app] - {app}
        uphill |= top_packages(path) & {"devdata", "config", "bench", "tests"}
        if uphill:
            offending[str(path.relative_to(ROOT))] = sorted(uphill)
    assert offending == {}


def test_the_toolbox_imports_none_of_our_packages():
    offending = {
        str(path.relative_to(ROOT)): sorted(top_packages(path) & (set(PACKAGES) - {"lib"}))
        for path in source_files("lib")
        if top_packages(path) & (set(PACKAGES) - {"lib"})
    }
    assert offending == {}


def test_the_toolbox_holds_no_table():
    """`lib` may hold abstract models (lib.workflow.Event); every table
    belongs to an app, which keeps its migrations."""
    assert [m._meta.label for m in apps.get_models() if m.__module__.split(".")[0] == "lib"] == []


def test_nothing_imports_the_generators():
    offending = [
        str(path.relative_to(ROOT))
        for package in PACKAGES
        if package != "devdata"
        for path in source_files(package)
        if "devdata" in top_packages(path)
    ]
    assert offending == []


def test_no_import_cycle_between_files():
    """A cycle held open by an import inside a function is still a cycle:
    the two files are one unit pretending to be two."""
    modules = {module_name(path): path for package in PACKAGES for path in source_files(package)}
    graph = defaultdict(set)
    for name, path in modules.items():
        for target in imports(path):
            if target in modules and target != name:
                graph[name].add(target)
    assert sorted(map(sorted, _cycles(graph))) == []


def _cycles(graph) -> list[set[str]]:
    """Tarjan's strongly connected components with more than one module. A
    package's __init__ counts as importing what it re-exports, so importing
    the package from inside one of its submodules is a cycle too."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_app_holds_more_than_a_quarter_of_the_code():
    """The root app keeps the root domain; the toolbox and generators have
    floors of their own (issue 17 measured orgs at 34%)."""
    sizes = {package: sum(map(_lines, source_files(package))) for package in PACKAGES}
    total = sum(sizes.values()) + _lines(ROOT / "dev.py") + _lines(ROOT / "manage.py")
    biggest = max(sizes, key=sizes.get)
    assert sizes[biggest] / total <= 0.25, (biggest, sizes[biggest], total)


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


@pytest.mark.parametrize("package", [p for p in PACKAGES if p != "devdata"])
def test_units_stay_small(package):
    """Modules up to 400 lines, functions up to 80 (the generators, which are
    data, and migrations are exempt): past that, split by subdomain."""
    long = []
    for path in source_files(package):
        name = str(path.relative_to(ROOT))
        if _lines(path) > MAX_MODULE_LINES:
            long.append(f"{name}: {_lines(path)} lines")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{name}:{node.lineno} {node.name}() {length} lines")
    assert long == []


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
        for path in source_files(app):
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
                    offending.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert sorted(set(offending)) == []


# --- roles are named in one place -------------------------------------------------------

# Calls whose string argument is words to translate ("reviewer" as a label).
TRANSLATORS = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext"}
# Keyword arguments that take field names ("reviewer" is a field of scores and
# of conflict declarations too).
FIELD_LIST_KEYWORDS = {"fields"}
# Named constants whose strings only look like a role's value, each with why.
NOT_ROLES = {
    ("orgs/privacy.py", "TABLE_ROLES"): "the mask table's column labels, as SECURITY.md shows",
    ("devdata/demo/orgs.py", "ACCOUNTS"): "the demo's usernames, one per role",
}
ROLE_TEMPLATE_TEST = re.compile(r"""role\s*[!=]=\s*["'](\w+)["']""")


def _not_a_role(path: str, node, parents) -> bool:
    """Whether a string equal to a role's value is used as something else: a
    word to translate, a field name, a demo username, a named exception."""
    parent = parents.get(node)
    if isinstance(parent, ast.Call) and node in parent.args:
        func = parent.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in TRANSLATORS:
            return True
    if isinstance(parent, ast.List | ast.Tuple):
        holder = parents.get(parent)
        if isinstance(holder, ast.keyword) and holder.arg in FIELD_LIST_KEYWORDS:
            return True
    if isinstance(parent, ast.Subscript) and parent.slice is node:
        value = parent.value
        if isinstance(value, ast.Attribute) and value.attr == "accounts":
            return True  # the demo's accounts, by username
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Assign):
            names = {t.id for t in node.targets if isinstance(t, ast.Name)}
            return any((path, name) in NOT_ROLES for name in names)
    return False


def test_roles_are_named_only_by_the_roles_module():
    """Code says `Role.ORG_LEADER` or a group from orgs/roles.py, templates
    `Role.ORG_LEADER` (a context processor gives them `Role`): never the
    stored value, which a typo turns into a silent "no"."""
    from orgs.roles import Role

    values = set(Role.values)
    offending = []
    for package in PACKAGES:
        for path in source_files(package):
            name = str(path.relative_to(ROOT))
            if name == "orgs/roles.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            parents = {
                child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)
            }
            offending += [
                f"{name}:{node.lineno} {node.value!r}"
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant)
                and node.value in values
                and not _not_a_role(name, node, parents)
            ]
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        offending += [
            f"{path.relative_to(ROOT)}: {match.group(0)}"
            for match in ROLE_TEMPLATE_TEST.finditer(text)
            if match.group(1) in values
        ]
    assert offending == []
