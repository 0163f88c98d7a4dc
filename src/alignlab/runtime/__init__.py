"""Seeds, task executors (local processes, Dask) and atomic, resumable JSONL result files."""

from alignlab.runtime.seeds import child_seeds, derive_seed, rng

__all__ = ["child_seeds", "derive_seed", "rng"]
