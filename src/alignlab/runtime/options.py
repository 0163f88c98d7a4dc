"""Moved: the ``--executor/--address/--workers`` options live in :mod:`alignlab.cli_common`.

Re-exported here only so that branches written against the old location keep importing.
"""

from alignlab.cli_common import AddressOpt, ExecutorOpt, WorkersOpt

__all__ = ["AddressOpt", "ExecutorOpt", "WorkersOpt"]
