"""The ``--executor/--address/--workers`` CLI options, spelled once for every part's long runs.

Use as parameter annotations in a Typer command, then pass the values to
:func:`alignlab.runtime.make_executor` (which validates them)::

    def sweep(..., executor: ExecutorOpt = "local", address: AddressOpt = None,
              workers: WorkersOpt = None) -> None:
"""

from __future__ import annotations

from typing import Annotated

import typer

ExecutorOpt = Annotated[
    str,
    typer.Option("--executor", help="Where tasks run: local (process pool), serial, or dask."),
]
AddressOpt = Annotated[
    str | None,
    typer.Option("--address", help="Dask scheduler, e.g. tcp://host:8786 (with --executor dask; "
                                   "without it a local Dask cluster is started)."),
]
WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Worker processes (default: one per core)."),
]
