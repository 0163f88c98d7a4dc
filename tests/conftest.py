"""Shared fixtures: run the CLI as a user would (a real subprocess) or in-process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``alignlab ARGS...`` in a subprocess; returns the completed process (text mode)."""

    def run(*args: str | Path, cwd: Path | None = None, timeout: float = 300,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "MPLBACKEND": "Agg", **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "alignlab", *map(str, args)],
            capture_output=True, text=True, cwd=cwd, timeout=timeout, env=full_env,
        )

    return run


@pytest.fixture(scope="session")
def fx(tmp_path_factory: pytest.TempPathFactory):
    """Valid input files for cheap calls of every command (see ``tests/fuzz/harness.py``)."""
    from tests.fuzz.harness import make_fixtures

    return make_fixtures(tmp_path_factory.mktemp("fuzz-fixtures"))
