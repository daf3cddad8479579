"""No import cycle among redactor's modules: each module's top-level imports, read with `ast`.

An import inside a function runs when the function does (a lazy import, kept off the CLI's
start-up path) and does not count; nor do imports under `if TYPE_CHECKING:`, nor the
implicit import of a module's own parent packages (Python runs them first, every time).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "redactor"


def module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")  # fmt: skip


def top_level_imports(tree: ast.Module, lazy: bool = False) -> Iterator[ast.Import | ast.ImportFrom]:
    """Import statements run when the module is imported (`lazy`: those in functions too)."""
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node):
            todo += node.orelse
        elif lazy or not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            todo += list(ast.iter_child_nodes(node))


def _base(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join([*parts, *([node.module] if node.module else [])])


def imported(module: str, path: Path, known: set[str], lazy: bool = False) -> set[str]:
    """The redactor modules `module` imports at its top level."""
    tree = ast.parse(path.read_text(), str(path))
    found: set[str] = set()
    for node in top_level_imports(tree, lazy):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        else:
            base = _base(module, path.name == "__init__.py", node)
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names}
    parents = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)}
    return {m for m in found if m in known and m not in parents and m != module}


def import_graph(lazy: bool = False) -> dict[str, set[str]]:
    modules = module_names()
    return {name: imported(name, path, set(modules), lazy) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_cycle_among_top_level_imports() -> None:
    graph = import_graph()
    assert len(graph) > 100 and graph["redactor.api"]  # the graph was really read
    assert cycles(graph) == []


def test_ner_and_the_runners_form_no_cycle_even_through_lazy_imports() -> None:
    # The cycle that was: detect.ner -> parallel -> workers -> workers.pool -> detect.ner.
    area = ("redactor.ner", "redactor.parallel", "redactor.workers")
    tangled = [c for c in cycles(import_graph(lazy=True)) if any(m.startswith(area) for m in c)]
    assert tangled == []


def test_the_forking_helpers_are_a_leaf() -> None:
    # The runners (redactor.workers) and the NER engines (redactor.ner) both build on it.
    graph = import_graph(lazy=True)
    assert graph["redactor.parallel"] <= {"redactor.errors", "redactor.settings"}


@pytest.mark.parametrize(
    ("modules", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": set(), "c": {"b"}}, []),
    ],
)
def test_cycles_are_found(modules: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert cycles(modules) == expected


def test_lazy_and_type_checking_imports_do_not_count(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from redactor import errors\n"
        "if TYPE_CHECKING:\n"
        "    from redactor import api\n"
        "def later() -> None:\n"
        "    from redactor import commands\n"
    )
    path = tmp_path / "m.py"
    path.write_text(source)
    known = {"redactor", "redactor.errors", "redactor.api", "redactor.commands", "redactor.m"}
    assert imported("redactor.m", path, known) == {"redactor.errors"}
    assert imported("redactor.m", path, known, lazy=True) == {"redactor.errors", "redactor.commands"}


ABOVE_THE_GATE = ("redactor.commands", "redactor.api", "redactor.cli", "redactor.service", "redactor.watch",
                  "redactor.watch_held", "redactor.batch", "redactor.workers")  # fmt: skip


def _is_above_the_gate(module: str) -> bool:
    return any(module == face or module.startswith(face + ".") for face in ABOVE_THE_GATE)


def test_the_gate_imports_nothing_above_it() -> None:
    # The gate decides from the facts it is given (the check, the redaction to run again): the
    # library's operations (`commands`) inject them; the gate never calls back up, even lazily.
    graph = import_graph(lazy=True)
    gate = {name: deps for name, deps in graph.items() if name == "redactor.gate" or name.startswith("redactor.gate.")}
    assert len(gate) > 5  # the gate's modules were really read
    upward = {name: sorted(m for m in deps if _is_above_the_gate(m)) for name, deps in gate.items()}
    assert {name: deps for name, deps in upward.items() if deps} == {}


FACES = ("redactor.cli", "redactor.service", "redactor.watch", "redactor.batch")


def _gate_calls(tree: ast.Module) -> set[str]:
    """The decision functions of the gate a module reaches past the library: `gate.release(...)` or
    `from redactor.gate(.releases|.additions) import release/remove_more`."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("release", "remove_more"):
            if isinstance(node.value, ast.Name) and node.value.id == "gate":
                found.add(f"gate.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("redactor.gate"):
            found |= {f"{node.module}.{a.name}" for a in node.names if a.name in ("release", "remove_more")}
    return found


def test_every_face_releases_through_the_library() -> None:
    # One release path (`commands.run_release`, `commands.run_remove_more`): no face builds its own check.
    faces = {name: path for name, path in module_names().items() if name.startswith(FACES)}
    assert len(faces) > 10
    direct = {name: sorted(_gate_calls(ast.parse(path.read_text()))) for name, path in faces.items()}
    assert {name: calls for name, calls in direct.items() if calls} == {}
