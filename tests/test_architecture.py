"""The import contract of docs/architecture.md, checked on the source: imports point one way.

Units: the base layer's modules; each feature package's domain (models, schemas, services) and its
web layer (views.py, api.py, *_views.py); and the composition roots that wire everything. Imports
inside `if TYPE_CHECKING:` name a type only and do not count.
"""

from __future__ import annotations

import ast
import functools
from collections import defaultdict
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
BASE = frozenset(
    {
        "db",
        "sqlite_loop",
        "errors",
        "web",
        "pagination",
        "notifications",
        "audit",
        "ratelimit",
        "security",
        "config",
        "form_values",
        "input_checks",
        "links",
        "csv_export",
        "wording",
        "avatars",
        "bulk",
        "timezones",
    }
)
# Where things are wired together; they may import anything and nothing imports them but each other.
ROOTS = frozenset({"main", "cli", "worker", "models", "migrate", "openapi", "health"})
# Request dependencies (who is asking): used by the web layers only.
WEB_SHARED = frozenset({"deps"})
WEB_MODULES = frozenset({"views", "api"})


def _unit(parts: tuple[str, ...]) -> str:
    """`app.x.y` (as parts after "app") -> its unit: a base or root module, `x`, or `x:web`."""
    package = parts[0]
    if package in BASE | ROOTS | WEB_SHARED or len(parts) == 1:
        return package
    module = parts[1]
    return f"{package}:web" if module in WEB_MODULES or module.endswith("_views") else package


def _runtime_imports(tree: ast.AST) -> list[str]:
    type_only = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and getattr(branch.test, "id", None) == "TYPE_CHECKING"
        for node in ast.walk(branch)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app"):
            if node.module == "app":
                found += [f"app.{alias.name}" for alias in node.names]
            else:
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("app.")]
    return found


@functools.cache
def _imports_in(path: Path) -> tuple[str, ...]:
    # Parsed once per run: each test builds its own graph, and parsing all of app/ is the slow part.
    return tuple(_runtime_imports(ast.parse(path.read_text(encoding="utf-8"))))


def import_graph() -> dict[str, dict[str, set[str]]]:
    """unit -> unit it imports -> the files that do."""
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in APP.rglob("*.py"):
        relative = path.relative_to(APP).with_suffix("").parts
        if relative[-1] == "__init__":
            relative = relative[:-1]
        if not relative:
            continue
        source = _unit(relative)
        for module in _imports_in(path):
            target = _unit(tuple(module.split(".")[1:]))
            if target != source:
                graph[source][target].add(str(path.relative_to(APP.parent)))
    return graph


def _cycles(graph: dict[str, dict[str, set[str]]]) -> list[list[str]]:
    """Strongly connected components of more than one unit (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(unit: str) -> None:
        index[unit] = low[unit] = len(index)
        stack.append(unit)
        on_stack.add(unit)
        for other in graph.get(unit, {}):
            if other not in index:
                visit(other)
                low[unit] = min(low[unit], low[other])
            elif other in on_stack:
                low[unit] = min(low[unit], index[other])
        if low[unit] == index[unit]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == unit:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for unit in list(graph):
        if unit not in index:
            visit(unit)
    return found


def _breaches(graph: dict[str, dict[str, set[str]]], sources: set[str], allowed: set[str]) -> list[str]:
    return sorted(
        f"{source} -> {target} ({', '.join(sorted(files))})"
        for source in sources
        for target, files in graph.get(source, {}).items()
        if target not in allowed
    )


def test_the_base_layer_imports_no_feature() -> None:
    graph = import_graph()
    breaches = _breaches(graph, set(BASE), set(BASE))
    assert not breaches, "the base layer must not import features:\n" + "\n".join(breaches)


def test_domain_code_imports_no_web_layer_and_no_root() -> None:
    graph = import_graph()
    units = {unit for unit in graph} | {target for targets in graph.values() for target in targets}
    domains = {unit for unit in units if ":" not in unit} - BASE - ROOTS - WEB_SHARED
    allowed = (units - ROOTS - WEB_SHARED) - {unit for unit in units if unit.endswith(":web")}
    breaches = _breaches(graph, domains, allowed)
    assert not breaches, "services, models and schemas must not import pages, the API or the roots:\n" + "\n".join(
        breaches
    )


def test_nothing_imports_a_composition_root() -> None:
    graph = import_graph()
    breaches = [
        f"{source} -> {target}"
        for source, targets in graph.items()
        for target in targets
        if target in ROOTS and source not in ROOTS
    ]
    assert not breaches, "\n".join(sorted(breaches))


def test_there_are_no_import_cycles_between_units() -> None:
    graph = import_graph()
    cycles = _cycles({unit: targets for unit, targets in graph.items() if unit not in ROOTS})
    described = [
        " <-> ".join(cycle)
        + ":\n"
        + "\n".join(
            f"    {a} -> {b}: {', '.join(sorted(graph[a][b]))}" for a in cycle for b in cycle if b in graph.get(a, {})
        )
        for cycle in cycles
    ]
    assert not cycles, "import cycles:\n" + "\n".join(described)


def test_the_graph_sees_what_it_checks() -> None:
    """The checks above are only as good as the graph: it must find the imports we know exist."""
    graph = import_graph()
    assert "groups" in graph["members"] and "members" in graph["members:web"]
    assert "accounts" not in graph["audit"]  # a type-only import, under TYPE_CHECKING
    assert _cycles({"a": {"b": set()}, "b": {"a": set()}}) == [["a", "b"]]
