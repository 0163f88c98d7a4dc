"""Append-only JSONL result files: one record per line, written atomically, resumable after a kill.

Every record is a JSON object carrying a string ``key``. :class:`ResultFile` writes each record as
one complete line with a single ``os.write`` on an ``O_APPEND`` descriptor, so a killed writer
leaves at most an unterminated trailing line; opening the file again drops that torn tail. Keys are
unique: appending a key that is already present raises :class:`DuplicateKeyError`. Serialisation
is canonical (sorted keys, compact separators), so the same records give the same bytes.
"""

from __future__ import annotations

import contextlib
import os
import stat
import weakref
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from alignlab.runtime.errors import DuplicateKeyError, ResultFileError, RunError
from alignlab.runtime.hashing import canonical_json

try:  # POSIX advisory locks: one writer per file at a time.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


_OPEN: weakref.WeakSet[ResultFile] = weakref.WeakSet()


def _forget_in_child() -> None:
    """A forked child (e.g. a pool worker) must not keep a writer's descriptor, nor its lock."""
    for rf in list(_OPEN):
        fd, rf._fd = rf._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):  # drops the child's reference; the parent keeps its lock
                os.close(fd)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


def encode_record(record: Mapping[str, Any]) -> bytes:
    """One record as its canonical JSONL line (UTF-8, ending in ``\\n``, no other newline)."""
    if not isinstance(record, Mapping):
        raise ResultFileError(f"a result record must be a dict, got {type(record).__name__}")
    key = record.get("key")
    if not isinstance(key, str) or not key:
        raise ResultFileError(f"a result record needs a non-empty string 'key', got {key!r}")
    try:
        return (canonical_json(record) + "\n").encode("utf-8")
    except RunError as exc:
        raise ResultFileError(f"record {key!r}: {exc}") from None


def _parse_line(line: bytes, where: str) -> dict[str, Any]:
    from alignlab.config import parse_json  # the shared reader: depth, digits, NaN, duplicates

    try:
        rec = parse_json(line, where, error=ResultFileError)
    except ResultFileError as exc:
        detail = str(exc).removeprefix(f"{where}: ")
        raise ResultFileError(f"{where}: not a JSON record ({detail}); the file is corrupted "
                              "(only an unterminated last line is repaired automatically)") from None
    if not isinstance(rec, dict) or not isinstance(rec.get("key"), str):
        raise ResultFileError(f"{where}: a record must be a JSON object with a string 'key'")
    return rec


def _check_target(path: Path, *, reading: bool) -> None:
    """A result file is a regular file (or, for writing, not there yet): never a device, a FIFO,
    a folder or ``-`` (its records are read back, so it cannot be a stream)."""
    if str(path) == "-":
        raise ResultFileError("-: a result file is read back to resume, so it cannot be standard "
                              "output; give a file name")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if reading:
            raise ResultFileError(f"{path}: no such result file") from None
        return
    except OSError as exc:
        raise ResultFileError(f"{path}: cannot open ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise ResultFileError(f"{path}: is a folder, not a result file")
    if not stat.S_ISREG(st.st_mode):
        raise ResultFileError(f"{path}: not a regular file (a device, FIFO or socket); a result "
                              "file must be a regular file")


def _iter_complete_lines(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """``(line_number, byte_offset, line)`` for every newline-terminated line; a torn tail is skipped.

    Lines are split on ``\\n`` bytes only (never on Unicode line separators inside strings).
    """
    offset = 0
    with open(path, "rb") as f:
        for number, line in enumerate(f, start=1):
            if not line.endswith(b"\n"):
                return
            yield number, offset, line
            offset += len(line)


def read_records(path: str | Path, *, sort_by_key: bool = False) -> list[dict[str, Any]]:
    """All complete records of a result file, read-only (a torn tail is ignored, not repaired).

    With ``sort_by_key`` the records come sorted by ``key`` (string order), which makes downstream
    tables independent of the order in which an executor finished the tasks.
    """
    p = Path(path)
    _check_target(p, reading=True)
    recs = [_parse_line(line, f"{p}:{n}") for n, _, line in _iter_complete_lines(p)
            if line.strip()]
    if sort_by_key:
        recs.sort(key=lambda r: r["key"])
    return recs


def sorted_records(path: str | Path) -> list[dict[str, Any]]:
    """``read_records(path, sort_by_key=True)``: records in a deterministic (key) order."""
    return read_records(path, sort_by_key=True)


class ResultFile:
    """A JSONL result file opened for appending (creating it and its folder if needed).

    Opening takes an exclusive advisory lock (one writer per file; a second writer gets a
    :class:`ResultFileError`), then scans the file: complete lines are parsed and their keys
    remembered; an unterminated last line, left by a killed writer, is truncated away
    (``repaired_bytes`` says how many bytes). A complete line that is not a record, or a key seen
    twice, is reported as corruption rather than silently repaired.

    ``fsync=True`` makes every append durable against power loss as well; without it a record is
    safe as soon as :meth:`append` returns against a killed process (the kernel holds the data).
    Close with :meth:`close` or use it as a context manager.
    """

    def __init__(self, path: str | Path, *, fsync: bool = False) -> None:
        self.path = Path(path)
        self.fsync = fsync
        self._fd: int | None = None
        self._keys: set[str] = set()
        self.repaired_bytes = 0
        _check_target(self.path, reading=False)
        flags = (os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
                 | getattr(os, "O_NONBLOCK", 0))  # a FIFO swapped in after the check: never block
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, flags, 0o644)
        except OSError as exc:
            raise ResultFileError(f"{self.path}: cannot open for appending ({exc.strerror})") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between the check and the open
            os.close(fd)
            raise ResultFileError(f"{self.path}: not a regular file; a result file must be one")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise ResultFileError(
                    f"{self.path}: locked by another writer (another run, or an open ResultFile "
                    "on the same path); one writer per result file") from None
        self._fd = fd
        _OPEN.add(self)
        try:
            self._scan_and_repair()
        except BaseException:
            self.close()
            raise

    def _scan_and_repair(self) -> None:
        assert self._fd is not None
        good_end = 0
        for number, offset, line in _iter_complete_lines(self.path):
            good_end = offset + len(line)
            if not line.strip():
                continue
            rec = _parse_line(line, f"{self.path}:{number}")
            if rec["key"] in self._keys:
                raise ResultFileError(f"{self.path}:{number}: duplicate key {rec['key']!r} "
                                      "(the file was written without this class)")
            self._keys.add(rec["key"])
        size = os.fstat(self._fd).st_size
        if size > good_end:  # a torn, unterminated last line from a killed writer
            os.ftruncate(self._fd, good_end)
            if self.fsync:
                os.fsync(self._fd)
            self.repaired_bytes = size - good_end

    def append(self, record: Mapping[str, Any]) -> None:
        """Write ``record`` as one complete line; raise :class:`DuplicateKeyError` if its key exists."""
        if self._fd is None:
            raise ResultFileError(f"{self.path}: the result file is closed")
        data = encode_record(record)
        key = record["key"]
        if key in self._keys:
            raise DuplicateKeyError(f"{self.path}: a record with key {key!r} is already written")
        before = os.fstat(self._fd).st_size
        view, done = memoryview(data), 0
        try:
            while done < len(data):  # a short write (signal, quota) continues where it stopped
                n = os.write(self._fd, view[done:])
                if n <= 0:
                    raise OSError(0, "the file accepts no more data")
                done += n
        except OSError as exc:  # e.g. disk full: undo the partial line so the file stays whole
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, before)
            raise ResultFileError(f"{self.path}: cannot append ({exc.strerror or exc}; "
                                  f"{done} of {len(data)} bytes were written and removed again)"
                                  ) from None
        if self.fsync:
            os.fsync(self._fd)
        self._keys.add(key)

    def done_keys(self) -> set[str]:
        """The keys already written (a copy)."""
        return set(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def records(self) -> Iterator[dict[str, Any]]:
        """The records in file order (the order the tasks finished)."""
        for number, _, line in _iter_complete_lines(self.path):
            if line.strip():
                yield _parse_line(line, f"{self.path}:{number}")

    def sorted_records(self) -> list[dict[str, Any]]:
        """The records sorted by key: a deterministic order for downstream use."""
        return sorted(self.records(), key=lambda r: r["key"])

    def close(self) -> None:
        """Release the lock and the descriptor (idempotent)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the descriptor also releases the flock

    def __enter__(self) -> ResultFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # at interpreter shutdown, nothing is left to do
            self.close()

    def __repr__(self) -> str:
        state = "closed" if self._fd is None else f"{len(self._keys)} records"
        return f"ResultFile({str(self.path)!r}, {state})"


def append_new(path: str | Path, records: Iterable[Mapping[str, Any]], *,
               fsync: bool = False) -> tuple[int, int]:
    """Append each record (a dict with a string ``key``) unless its key is already in ``path``.

    The one way a command adds finished records to a result file outside :func:`run_tasks`
    (``agree run --out``, ``pap run --out``): same locking, atomic lines and repair. Returns
    ``(written, already_there)``.
    """
    written = kept = 0
    with ResultFile(path, fsync=fsync) as rf:
        for rec in records:
            if isinstance(rec, Mapping) and rec.get("key") in rf:
                kept += 1
                continue
            rf.append(rec)
            written += 1
    return written, kept
