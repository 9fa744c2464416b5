"""Distribute stage: put a build's outputs in place all at once, or not at all.

Outputs are written to a staging folder beside their destination and flushed to disk, then
renamed into place under a lock with interrupts held back, so a failed, interrupted or
out-of-space build never leaves a partial file, the previous outputs stay as they were, and two
builds into the same folder never interleave: the folder holds all of one build's outputs.
"""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from pathlib import Path

from ..errors import Location, OutputError

LOCK_NAME = ".briefpress.lock"
STAGING_PREFIX = ".staging-"
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` for the duration of the block."""
    try:
        # Never through a link: a lock file that is one would have the build write where it points.
        descriptor = os.open(folder / LOCK_NAME, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o644)
    except OSError as error:
        why = "is a link" if error.errno == errno.ELOOP else f"cannot be opened ({error.strerror})"
        raise OutputError.at(Location.of(folder / LOCK_NAME), f"the output folder's lock file {why}") from None
    with os.fdopen(descriptor, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def signals_held() -> Iterator[None]:
    """Delay SIGINT, SIGTERM and SIGHUP until the block is done (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _sync_folder(folder: Path) -> None:
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _remove_abandoned(folder: Path) -> None:
    """Staging folders left by builds that were killed outright (their process is gone)."""
    for staging in folder.glob(STAGING_PREFIX + "*"):
        pid = staging.name.removeprefix(STAGING_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(staging, ignore_errors=True)


def _swap_folder(new: Path, destination: Path, staging: Path) -> None:
    """Put a staged folder in place of the previous one, whose files this build does not keep."""
    if destination.is_dir() and not destination.is_symlink():
        os.rename(destination, staging / f".previous-{destination.name}")
    os.rename(new, destination)


def _check_names(folder: Path, names: Iterable[str]) -> None:
    for name in names:
        parts = name.split("/")
        if name.startswith("/") or any(part in ("", ".", "..") for part in parts):
            raise OutputError.at(Location.of(folder), f"output name '{name}' is not a plain relative path")


def _check_destinations(folder: Path, staging: Path, entries: Iterable[str], keep: Iterable[Path]) -> None:
    """Every destination checked before the first rename, so that a build is published whole or not at all."""
    kept = [path.resolve() for path in keep]
    for entry in entries:
        destination = folder / entry
        for path in kept:
            if path.is_relative_to(destination.resolve()):
                raise OutputError.at(Location.of(destination), f"publishing would replace {path}, which the build "
                                                               "reads: choose another --out")
        if (staging / entry).is_dir() and destination.exists() and not destination.is_dir():
            raise OutputError.at(Location.of(destination), "cannot write the outputs: a file stands where the "
                                                           "output folder goes")
        if not (staging / entry).is_dir() and destination.is_dir() and not destination.is_symlink():
            raise OutputError.at(Location.of(destination), "cannot write the outputs: a folder stands where the "
                                                           "output file goes")


def publish(folder: Path, files: Mapping[str, bytes], lock: bool = True, keep: Iterable[Path] = ()) -> list[Path]:
    """Write every file into ``folder`` atomically; returns the final paths.

    A name may lie in a subfolder (``data/x.csv``): each such folder is replaced as a whole, so it
    holds exactly this build's files and none left over from an earlier one.

    Raises OutputError, with the previous contents of ``folder`` untouched, when anything fails.
    ``lock=False`` when the caller already holds ``locked(folder)`` (to read, then update, the manifest).
    ``keep`` names what must survive publishing (the brief's own folder): no output may replace it.
    """
    _check_names(folder, files)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=folder))
    except OSError as error:
        raise OutputError.at(Location.of(folder), f"cannot write the outputs: {error.strerror}") from None
    try:
        for name, data in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            _write_synced(staging / name, data)
        with locked(folder) if lock else nullcontext(), signals_held():
            _remove_abandoned(folder)
            entries = list(dict.fromkeys(name.split("/", 1)[0] for name in files))
            _check_destinations(folder, staging, entries, keep)
            for entry in entries:
                if (staging / entry).is_dir():
                    _swap_folder(staging / entry, folder / entry, staging)
                else:
                    os.replace(staging / entry, folder / entry)
            _sync_folder(folder)
    except OSError as error:
        raise OutputError.at(Location.of(folder), f"cannot write the outputs: {error.strerror or error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / name for name in files]
