"""No import cycle between modules in src/ — function-level imports included.

Parsed with ``ast`` (nothing is imported): an edge A → B for every ``import B`` / ``from B import x``
anywhere in A (inside functions too; not under ``if TYPE_CHECKING:``). ``from pkg import name``
points at ``pkg.name`` when that is a module, else at ``pkg``. The implicit import of a parent
package's ``__init__`` is not an edge (every sibling import would otherwise be a cycle).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _modules() -> dict[str, Path]:
    mods = {}
    for p in sorted((SRC / "alignlab").rglob("*.py")):
        parts = list(p.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        mods[".".join(parts)] = p
    return mods


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, module: str, is_pkg: bool, modules: set[str]) -> set[str]:
    """The modules of ``modules`` that ``tree`` imports anywhere (relative imports resolved)."""
    out: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                here = module.split(".") if is_pkg else module.split(".")[:-1]
                base = here[: len(here) - node.level + 1]
                pkg = ".".join(base + ([node.module] if node.module else []))
            else:
                pkg = node.module or ""
            for a in node.names:  # ``from pkg import x``: the module pkg.x if it is one, else pkg
                target = f"{pkg}.{a.name}" if f"{pkg}.{a.name}" in modules else pkg
                if target in modules:
                    out.add(target)
        stack.extend(ast.iter_child_nodes(node))
    out.discard(module)
    return out


def import_graph() -> dict[str, set[str]]:
    mods = _modules()
    return {name: _imports(ast.parse(path.read_text(encoding="utf-8")), name,
                           path.name == "__init__.py", set(mods))
            for name, path in mods.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
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
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def test_the_checker_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    mods = {"alignlab.x", "alignlab.x.y", "alignlab.z", "alignlab.p", "alignlab.p.b", "alignlab.p.c"}
    tree = ast.parse("def f():\n    from alignlab.x import y, Name\nif TYPE_CHECKING:\n    import alignlab.z\n")
    assert _imports(tree, "alignlab.m", False, mods) == {"alignlab.x", "alignlab.x.y"}
    rel = ast.parse("from . import b\nfrom .c import d")
    assert _imports(rel, "alignlab.p.a", False, mods) == {"alignlab.p.b", "alignlab.p.c"}
    assert _imports(rel, "alignlab.p", True, mods) == {"alignlab.p.b", "alignlab.p.c"}


def test_graph_covers_every_module():
    g = import_graph()
    assert "alignlab.cli" in g and "alignlab.cli_common" in g["alignlab.deals.cli"]


def _cycle_report(cs: list[list[str]]) -> str:
    return "\n".join(" ↔ ".join(c) for c in cs)


def test_no_import_cycle_anywhere():
    found = cycles(import_graph())
    assert not found, _cycle_report(found)


FOUNDATION = ("alignlab.errors", "alignlab.config", "alignlab.cli_common", "alignlab.runtime",
              "alignlab.llm", "alignlab.report", "alignlab.progress", "alignlab.limits",
              "alignlab.outputs", "alignlab.extras", "alignlab.console")


def test_layers():
    """Foundation modules import no part; a part imports no other part (only the foundation).

    The entry points (``alignlab.cli``, ``alignlab.demo``) reach parts only through the registry in
    ``alignlab.parts``, by name, so they have no edge to any part either.
    """
    from alignlab.parts import PARTS

    parts = {f"alignlab.{p.package}" for p in PARTS}

    def owner(mod: str) -> str:
        return ".".join(mod.split(".")[:2])

    bad = []
    for mod, targets in import_graph().items():
        for t in targets:
            if owner(t) in parts and owner(mod) != owner(t):
                bad.append(f"{mod} → {t}")
            if mod.startswith(FOUNDATION) and owner(t) not in (*FOUNDATION, "alignlab.parts"):
                bad.append(f"{mod} → {t} (foundation imports above it)")
    assert not bad, "\n".join(sorted(bad))
