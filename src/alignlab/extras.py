"""Optional extras: import what an extra provides, or fail with the one-line hint to install it.

The hint names the right command for how alignlab is installed: in a source checkout (the
package sits in ``<checkout>/src/alignlab`` next to its ``pyproject.toml``, as after
``pip install -e .``) it is ``pip install -e '.[hf]'`` run in the checkout; for an installed
package it is ``pip install 'alignlab[hf]'``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from alignlab.errors import AlignlabError

#: extra → (what it is for, the modules it provides)
EXTRAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "llm": ("LLM teachers (an OpenAI-compatible HTTP client)", ("httpx",)),
    "hf": ("Hugging Face models", ("torch", "transformers")),
    "dask": ("the Dask executor", ("distributed", "cloudpickle")),
    "inspect": ("the Inspect task", ("inspect_ai",)),
}


class MissingExtra(AlignlabError):
    """An optional dependency is not installed; the message says how to install it."""


def source_checkout() -> Path | None:
    """The checkout alignlab runs from (editable or ``PYTHONPATH=src``), or None if installed."""
    root = Path(__file__).resolve().parents[2]
    pyproject = root / "pyproject.toml"
    try:
        if pyproject.is_file() and 'name = "alignlab"' in pyproject.read_text(encoding="utf-8"):
            return root
    except OSError:  # pragma: no cover - an unreadable checkout
        pass
    return None


def install_hint(extra: str) -> str:
    """The command that installs ``extra`` here (see the module docstring)."""
    root = source_checkout()
    if root is not None:
        return f"pip install -e '.[{extra}]' (in {root})"
    return f"pip install 'alignlab[{extra}]'"


def require(extra: str, *, error: type[AlignlabError] = MissingExtra) -> tuple[ModuleType, ...]:
    """The modules of ``extra``, imported; if one is missing, ``error`` with the install hint."""
    what, modules = EXTRAS[extra]
    out = []
    for name in modules:
        try:
            out.append(importlib.import_module(name))
        except ImportError as exc:
            missing = getattr(exc, "name", None) or name
            raise error(f"{what} need{'s' if not what.endswith('s') else ''} the [{extra}] extra "
                        f"({missing} is not installed): {install_hint(extra)}") from None
    return tuple(out)
