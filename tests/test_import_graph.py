"""No import cycle among factcheck's modules: every dependency points one way.

The graph is grimp's (the engine of import-linter): every ``import`` and ``from … import``
of a factcheck module by another, at module level, inside functions and classes, and
under ``if TYPE_CHECKING:`` too (a cycle that only the type checker follows still makes two
modules that cannot be read, tested or replaced one without the other). Not counted: the
implicit import of a package's ``__init__`` when one of its modules is imported (every
package would be a cycle), and imports by name at run time (``importlib.import_module``).

A cycle is reported as its strongly connected component: the modules that all reach one
another, with the import lines that join them and one shortest round trip.
"""

from __future__ import annotations

import ast
import textwrap
from collections import deque
from pathlib import Path

import grimp
import pytest

PROJECT = Path(__file__).resolve().parent.parent

# Cycles that exist on the main branch today and that someone is removing. A cycle listed
# here is tolerated only as exactly these modules: one more module drawn into it is a new
# cycle and fails. Empty a line once its cycle is gone (the test prints a reminder).
KNOWN_CYCLES_BEING_REMOVED: set[frozenset[str]] = set()
"""Cycles allowed while a change that ends them is under way (none now)."""

KNOWN_CYCLES_UNASSIGNED: set[frozenset[str]] = set()
"""Cycles found that no one has taken on yet (none now)."""


# ------------------------------------------------------------------ the walker


def build_graph(package: str, *, type_checking: bool = True) -> grimp.ImportGraph:
    """The package's import graph; ``type_checking`` counts imports under ``if TYPE_CHECKING:``."""
    return grimp.build_graph(package, exclude_type_checking_imports=not type_checking, cache_dir=None)


def edges_of(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    """Each module → the modules of the package it imports directly."""
    modules = set(graph.modules)
    return {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}


def import_cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """Every group of modules that import one another, directly or through each other (sorted)."""
    reach = {m: _reachable(edges, m) for m in edges}
    cycles, seen = [], set()
    for module in sorted(edges):
        if module in seen or module not in reach[module]:
            continue
        component = frozenset(m for m in reach[module] if module in reach[m])
        seen |= component
        cycles.append(component)
    return cycles


def _reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    """The modules ``start`` imports, directly or not (``start`` itself only through a cycle)."""
    found, queue = set(), deque(edges.get(start, ()))
    while queue:
        module = queue.popleft()
        if module not in found:
            found.add(module)
            queue.extend(edges.get(module, ()))
    return found


def round_trip(edges: dict[str, set[str]], cycle: frozenset[str]) -> list[str]:
    """A shortest chain of imports from the cycle's first module back to itself."""
    start = min(cycle)
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        module = queue.popleft()
        for imported in sorted(edges[module] & cycle):
            if imported == start:
                chain = [module]
                while previous[chain[-1]] is not None:
                    chain.append(previous[chain[-1]])
                return [*reversed(chain), start]
            if imported not in previous:
                previous[imported] = module
                queue.append(imported)
    raise AssertionError(f"{sorted(cycle)} is not a cycle")


def describe(graph: grimp.ImportGraph, edges: dict[str, set[str]], cycle: frozenset[str]) -> str:
    lines = [" -> ".join(round_trip(edges, cycle))]
    for importer in sorted(cycle):
        for imported in sorted(edges[importer] & cycle):
            for detail in graph.get_import_details(importer=importer, imported=imported):
                lines.append(f"    {importer}:{detail['line_number']}: {detail['line_contents']}")
    return "\n".join(lines)


def new_cycles(cycles: list[frozenset[str]], allowed: set[frozenset[str]]) -> list[frozenset[str]]:
    """The cycles not on the allow-list, exactly as listed."""
    return [cycle for cycle in cycles if cycle not in allowed]


# ------------------------------------------------------------------ factcheck


def test_factcheck_has_no_import_cycle():
    graph = build_graph("factcheck")
    edges = edges_of(graph)
    cycles = import_cycles(edges)
    print(f"{len(cycles)} import cycle(s) among factcheck's modules:")
    for cycle in cycles:
        print(describe(graph, edges, cycle))
    allowed = KNOWN_CYCLES_BEING_REMOVED | KNOWN_CYCLES_UNASSIGNED
    for gone in sorted(allowed - set(cycles), key=sorted):
        print(f"no longer a cycle, take it off the allow-list: {sorted(gone)}")
    unexpected = new_cycles(cycles, allowed)
    assert not unexpected, "new import cycle(s):\n" + "\n".join(describe(graph, edges, c) for c in unexpected)


STORE_FILE_MODULES = ["factcheck.store.sqlite_files", "factcheck.store.backup_catalog", "factcheck.store.damage",
                      "factcheck.store.backups", "factcheck.store.backup_policy"]


def test_the_sqlite_files_modules_point_one_way():
    """sqlite_files <- backup_catalog <- damage <- backups <- backup_policy, and none reaches the engine."""
    graph = build_graph("factcheck")
    for lower, module in enumerate(STORE_FILE_MODULES):
        for higher in [*STORE_FILE_MODULES[lower + 1:], "factcheck.store.sqlite_store", "factcheck.store"]:
            chain = graph.find_shortest_chain(importer=module, imported=higher)
            assert chain is None, f"{module} reaches {higher}: {' -> '.join(chain)}"


def test_no_store_module_uses_another_modules_private_names():
    """``from factcheck.x import _name`` or ``x._name`` on an imported factcheck module, in factcheck/store."""
    found = []
    for path in sorted((PROJECT / "factcheck" / "store").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("factcheck"):
                found += [f"{path.name}:{node.lineno}: {node.module}.{a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
                modules |= {a.asname or a.name for a in node.names}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                found.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
    assert found == []


# ------------------------------------------------------------------ the walker itself


@pytest.fixture
def tiny_package(tmp_path, monkeypatch):
    """A package ``tiny_cycles`` with a lazy cycle (a, b), a TYPE_CHECKING cycle (c, d) and no other."""
    package = tmp_path / "tiny_cycles"
    package.mkdir()
    files = {
        "__init__.py": "",
        "a.py": """
            def later():
                from . import b  # inside a function
                return b
            """,
        "b.py": "from tiny_cycles import a\n",
        "c.py": """
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from tiny_cycles.d import D
            """,
        "d.py": "import tiny_cycles.c\nclass D: ...\n",
        "e.py": "from tiny_cycles import a, c\n",  # imports into two cycles, but nothing imports it
        "sub/__init__.py": "from tiny_cycles.sub.f import F\n",  # a package importing its module is no cycle
        "sub/f.py": "class F: ...\n",
    }
    for name, text in files.items():
        (package / name).parent.mkdir(exist_ok=True)
        (package / name).write_text(textwrap.dedent(text))
    monkeypatch.syspath_prepend(str(tmp_path))
    return "tiny_cycles"


def test_the_walker_finds_a_lazy_cycle_and_a_type_checking_one(tiny_package):
    graph = build_graph(tiny_package)
    edges = edges_of(graph)
    cycles = import_cycles(edges)
    assert cycles == [frozenset({"tiny_cycles.a", "tiny_cycles.b"}), frozenset({"tiny_cycles.c", "tiny_cycles.d"})]
    assert round_trip(edges, cycles[0]) == ["tiny_cycles.a", "tiny_cycles.b", "tiny_cycles.a"]
    text = describe(graph, edges, cycles[0])
    assert "tiny_cycles.a:3: from . import b  # inside a function" in text
    assert "tiny_cycles.b:1: from tiny_cycles import a" in text

    without = import_cycles(edges_of(build_graph(tiny_package, type_checking=False)))
    assert without == [frozenset({"tiny_cycles.a", "tiny_cycles.b"})]


def test_a_new_cycle_fails_and_a_cycle_grown_past_its_allowance_too(tiny_package, tmp_path):
    edges = edges_of(build_graph(tiny_package))
    allowed = {frozenset({"tiny_cycles.a", "tiny_cycles.b"})}
    assert new_cycles(import_cycles(edges), allowed) == [frozenset({"tiny_cycles.c", "tiny_cycles.d"})]

    (tmp_path / "tiny_cycles" / "b.py").write_text("from tiny_cycles import a, e\n")  # e joins the a-b cycle
    edges = edges_of(build_graph(tiny_package, type_checking=False))
    assert new_cycles(import_cycles(edges), allowed) == [frozenset({"tiny_cycles.a", "tiny_cycles.b", "tiny_cycles.e"})]
