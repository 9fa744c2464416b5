"""Distribute stage: put a build's outputs in place all at once, or not at all.

Outputs are written to a staging folder beside their destination, flushed to disk, then renamed
into place under a lock, so a failed or interrupted build never leaves a partial file and two
builds into the same folder never interleave.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".briefpress.lock"


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` for the duration of the block."""
    with open(folder / LOCK_NAME, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def publish(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every file into ``folder`` atomically; returns the final paths."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder))
    try:
        for name, data in files.items():
            _write_synced(staging / name, data)
        with locked(folder):
            for name in files:
                os.replace(staging / name, folder / name)
            directory = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / name for name in files]
