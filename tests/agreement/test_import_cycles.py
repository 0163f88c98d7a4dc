"""No import cycle among the modules of alignlab.agreement and alignlab.pap.

Imports are read with ``ast`` from the source files, at every level (module top, functions,
``if TYPE_CHECKING`` blocks), so a cycle hidden in a function-level import is found too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Modules of ``known`` imported anywhere in ``path`` (``from pkg import mod`` counts as pkg.mod)."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for n in names:
            while n and n not in known:
                n = n.rpartition(".")[0]
            if n and n != me:
                out.add(n)
    return out


def cycles(package: str) -> list[list[str]]:
    """Strongly connected components with more than one module (or a self-loop) — each one a cycle."""
    files = sorted((SRC / package.replace(".", "/")).rglob("*.py"))
    known = {module_name(p) for p in files}
    graph = {module_name(p): imports_of(p, known) for p in files}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return found


@pytest.mark.parametrize("package", ["alignlab.agreement", "alignlab.pap"])
def test_no_import_cycle(package):
    # The package's __init__ re-exports its modules; a module importing the package itself would
    # close a loop through __init__, which the graph includes.
    assert cycles(package) == []


def test_the_checker_finds_a_function_level_cycle(tmp_path, monkeypatch):
    pkg = tmp_path / "alignlab" / "toy"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from alignlab.toy.b import g\n")
    (pkg / "b.py").write_text("def g():\n    from alignlab.toy import a\n    return a\n")
    (pkg / "c.py").write_text("from . import a\n")
    monkeypatch.setitem(globals(), "SRC", tmp_path)
    assert cycles("alignlab.toy") == [["alignlab.toy.a", "alignlab.toy.b"]]
