"""Matplotlib helpers: headless backend and byte-for-byte reproducible PNG files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

_PNG_METADATA = {"Software": None}  # matplotlib's version string would make bytes differ


def _pyplot() -> Any:
    import matplotlib

    if os.environ.get("MPLBACKEND") is None:
        matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def new_figure(width: float = 6.4, height: float = 4.2, **subplots: Any) -> tuple[Any, Any]:
    """A (figure, axes) pair on the headless Agg backend; ``subplots`` go to ``plt.subplots``."""
    plt = _pyplot()
    return plt.subplots(figsize=(width, height), **subplots)


def save_figure(fig: Any, path: str | Path, *, dpi: int = 110) -> Path:
    """Write ``fig`` as PNG with fixed metadata (same figure → same bytes), then close it.

    Written through :func:`alignlab.outputs.atomic_writer`: a device, folder or ``.jpg`` name is
    refused, an existing file is replaced atomically, no temporary file is left behind.
    """
    from alignlab.outputs import atomic_writer

    plt = _pyplot()
    try:
        with atomic_writer(path, "png") as f:
            fig.savefig(f, format="png", dpi=dpi, metadata=_PNG_METADATA, bbox_inches="tight")
    finally:
        plt.close(fig)
    return Path(path)
