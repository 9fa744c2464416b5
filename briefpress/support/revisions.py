"""A content folder as it was at a git revision, written ``REV:FOLDER`` (``v1.0:content``), as git names
a path at a revision; a plain folder is itself. The revision's files are exported to a temporary folder."""
from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class RevisionError(ValueError):
    """The revision or folder named cannot be read; the message says why, for a usage error."""


@dataclass(frozen=True)
class Version:
    """A content folder to read, and how to name it to the reader ("v1.0:content" or the folder)."""

    folder: Path
    name: str


def split(spec: str) -> tuple[str, Path] | None:
    """``(revision, folder)`` when ``spec`` is ``REV:FOLDER`` and not an existing folder's name."""
    if Path(spec).is_dir() or ":" not in spec:
        return None
    revision, _, folder = spec.partition(":")
    return (revision, Path(folder or ".")) if revision else None


@contextmanager
def checked_out(spec: str) -> Iterator[Version]:
    """The folder ``spec`` names, exported from git for the length of the block when it names a revision."""
    found = split(spec)
    if found is None:
        if not Path(spec).is_dir():
            raise RevisionError(f"'{spec}': no such folder (a folder at a git revision is written REV:FOLDER)")
        yield Version(Path(spec), spec)
        return
    revision, folder = found
    if not folder.is_dir():
        raise RevisionError(f"'{spec}': no folder '{folder}' in this checkout")
    prefix = _git(folder, "rev-parse", "--show-prefix").decode().strip()
    top = Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())
    # From the top: run inside the folder, git would look for the folder inside the tree it names.
    archive = _git(top, "archive", "--format=tar", f"{revision}:{prefix}" if prefix else revision)
    with tempfile.TemporaryDirectory(prefix="briefpress-revision-") as temporary:
        target = Path(temporary) / folder.resolve().name
        target.mkdir()
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")  # no links out, no device files, no absolute paths
        yield Version(target, spec)


def _git(folder: Path, *arguments: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", os.fspath(folder), *arguments], capture_output=True, check=False,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0"}, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RevisionError(f"git could not be run: {error}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise RevisionError(f"git {arguments[0]}: {message[-1] if message else 'failed'}")
    return done.stdout
