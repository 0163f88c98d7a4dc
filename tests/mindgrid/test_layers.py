"""mindgrid's two halves: the world (``alignlab.mindgrid``) never imports the teaching benchmark
(``alignlab.mindgrid.teaching``), not even inside a function; only the part's façade (``__init__``'s
lazy re-exports, the CLI and the demo) may reach into both."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import alignlab.mindgrid

PKG = Path(alignlab.mindgrid.__file__).parent
FACADE = {"__init__.py", "cli.py", "demo.py"}
WORLD_MODULES = sorted(p.name for p in PKG.glob("*.py") if p.name not in FACADE)


def imported_modules(path: Path) -> set[str]:
    """Every module an ``import`` / ``from … import`` anywhere in the file names (relative ones resolved)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(["alignlab", "mindgrid"][: 2 - (node.level - 1)] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return found


def test_the_layer_split_is_real():
    assert {"world.py", "edits.py", "skills.py", "planner.py", "text.py"} <= set(WORLD_MODULES)
    assert (PKG / "teaching" / "instances.py").exists() and not (PKG / "instances.py").exists()


@pytest.mark.parametrize("module", WORLD_MODULES)
def test_world_module_never_imports_teaching(module):
    bad = sorted(m for m in imported_modules(PKG / module) if m.startswith("alignlab.mindgrid.teaching"))
    assert not bad, f"mindgrid/{module} imports the teaching benchmark: {bad}"


def test_the_checker_sees_function_level_imports(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from alignlab.mindgrid.teaching.human import act\n")
    assert "alignlab.mindgrid.teaching.human" in imported_modules(f)


def test_importing_the_world_does_not_load_the_benchmark():
    code = ("import sys, alignlab.mindgrid, alignlab.mindgrid.plans, alignlab.mindgrid.text; "
            "print(any(m.startswith('alignlab.mindgrid.teaching') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_teaching_names_stay_available_from_the_package():
    from alignlab.mindgrid import Instance, evaluate_file, generate_instances, make_teacher
    from alignlab.mindgrid.teaching import instances, teachers

    assert Instance is instances.Instance and make_teacher is teachers.make_teacher
    assert callable(evaluate_file) and callable(generate_instances)
    with pytest.raises(AttributeError):
        alignlab.mindgrid.no_such_name  # noqa: B018
    assert set(alignlab.mindgrid.__all__) <= set(dir(alignlab.mindgrid)) | set(alignlab.mindgrid._TEACHING)
