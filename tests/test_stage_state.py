"""No state shared between stages through module globals: the readers, writers and verifiers
(`redactor/documents`, `redactor/redact`, `redactor/verify`) pass what they share as arguments.

Read with `ast`: a `global` statement, or a function that changes a module-level name in place
(`NAME[...] = ...`, `del NAME[...]`, `NAME.clear()`, `NAME.append(...)`, ...), is state that one
call leaves for the next. Caches built by `functools` are values, not assignments, and do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "redactor"
STAGES = ("documents", "redact", "verify")
MUTATORS = {"append", "extend", "insert", "remove", "pop", "popitem", "clear", "update", "setdefault", "add",
            "discard", "sort", "reverse", "__setitem__", "__delitem__"}  # fmt: skip


def _module_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign | ast.AugAssign) else []  # fmt: skip
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _locals(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    args = fn.args
    found = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    found |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
    return found


def _root(node: ast.expr) -> str | None:
    while isinstance(node, ast.Subscript | ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _changes(fn: ast.FunctionDef | ast.AsyncFunctionDef, shared: set[str]) -> list[str]:
    """What `fn` does to the module-level names in `shared` at run time."""
    mine = _locals(fn)
    found = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Global):
            found += [f"global {name}" for name in node.names]
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            name = _root(target)
            if isinstance(target, ast.Subscript | ast.Attribute) and name in shared and name not in mine:
                found.append(f"{name}[...] changed")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
            name = _root(node.func.value)
            if name in shared and name not in mine:
                found.append(f"{name}.{node.func.attr}()")
    return found


def shared_state(source: str) -> list[str]:
    tree = ast.parse(source)
    shared = _module_names(tree)
    found = [f"global {n}" for node in tree.body if isinstance(node, ast.Global) for n in node.names]
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found += [f"{node.name}: {change}" for change in _changes(node, shared)]
    return sorted(found)


def stage_modules() -> list[Path]:
    return sorted(p for stage in STAGES for p in (PACKAGE / stage).rglob("*.py"))


def test_no_stage_module_changes_a_module_global_at_run_time() -> None:
    modules = stage_modules()
    assert len(modules) > 30  # the stages were really read
    found = {str(p.relative_to(PACKAGE)): s for p in modules if (s := shared_state(p.read_text()))}
    assert found == {}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("_last: dict[str, int] = {}\ndef f(k):\n    _last.clear()\n    _last[k] = 1\n",
         ["f: _last.clear()", "f: _last[...] changed"]),
        ("N = 0\ndef f():\n    global N\n    N += 1\n", ["f: global N"]),
        ("SEEN = []\ndef f(x):\n    SEEN.append(x)\n", ["f: SEEN.append()"]),
        ("SEEN = []\ndef f(x):\n    SEEN = [x]\n    SEEN.append(x)\n", []),  # a local of the same name
        ("TABLE = {'a': 1}\ndef f(k):\n    return TABLE[k]\n", []),  # reading is fine
        ("def f(d):\n    d['k'] = 1\n    d.update(x=1)\n", []),  # an argument, not a global
    ],
)
def test_shared_state_is_found(source: str, expected: list[str]) -> None:
    assert shared_state(source) == expected
