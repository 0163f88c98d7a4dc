"""Rich consoles for human output, and :func:`safe` for every user-provided string printed on one.

Rich reads ``[...]`` in printed strings as markup: a scenario named ``deal [/] with AI`` crashes the
printer (a closing tag with nothing open) and ``[link=…]`` would be rendered. Every value that
comes from the user (names, file paths, error messages quoting input) goes through :func:`safe`
before it is embedded in a markup string; our own styling stays markup.
"""

from __future__ import annotations

from typing import Any


def safe(value: object) -> str:
    """``str(value)`` with Rich markup escaped, so it prints literally."""
    from rich.markup import escape

    return escape(str(value))


def console(*, stderr: bool = False, **options: Any) -> Any:
    """A :class:`rich.console.Console` for human output (soft-wrapped, no automatic highlighting
    of numbers and paths, which could recolour user text)."""
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True, highlight=False, **options)
