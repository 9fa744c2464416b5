"""Pandoc, for what it does better than anything in Python: citations by CSL (its citeproc passes the
CSL test suite) and BibTeX to CSL-JSON.

The binary comes with the ``pypandoc-binary`` wheel. It runs on the brief's content, so it runs as
the pandoc manual advises for untrusted input: ``--sandbox`` (it reads only the files named on its
command line and fetches nothing), a heap limit for its runtime (``+RTS -M``), a time limit, an
empty environment and a scratch folder as its working directory.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from .files import write_atomically

SECONDS = 30
HEAP_MIB = 1024


class PandocError(Exception):
    """Pandoc could not do the work; the message says why, in pandoc's words."""


@cache
def pandoc_binary() -> Path:
    try:
        import pypandoc

        bundled = Path(pypandoc.__file__).parent / "files" / "pandoc"
        if bundled.is_file():
            return bundled
    except ImportError:
        pass
    found = shutil.which("pandoc")
    if found is None:
        raise PandocError("pandoc is not installed (it comes with the pypandoc-binary package)")
    return Path(found)


@cache
def pandoc_version() -> str:
    return run([], "", {}, arguments=["--version"]).splitlines()[0]


def _binary_identity() -> str:
    info = pandoc_binary().stat()
    return f"{pandoc_binary()}:{info.st_size}:{info.st_mtime_ns}"


def run(options: Sequence[str], stdin: str, files: Mapping[str, bytes], arguments: Sequence[str] | None = None,
        cache: Path | None = None) -> str:
    """Run pandoc with ``options`` on ``stdin``; ``files`` are written to its scratch folder first (the
    options name them by these names). Returns what it wrote to stdout. With a ``cache`` folder, the
    answer is kept there by the hash of everything that shapes it (the binary included), and a run
    of the same inputs reads it instead of starting pandoc."""
    key = None
    if cache is not None:
        digest = hashlib.sha256("\0".join([_binary_identity(), *options, stdin]).encode())
        for name, data in sorted(files.items()):
            digest.update(b"\0" + name.encode() + b"\0" + data)
        key = cache / f"{digest.hexdigest()}.out"
        if key.is_file():
            return key.read_text(encoding="utf-8")
    answer = _run(options, stdin, files, arguments)
    if key is not None:
        write_atomically(key, answer.encode())
    return answer


def convert(options: Sequence[str], stdin: str, output: str, files: Mapping[str, bytes] | None = None) -> bytes:
    """Run pandoc writing a binary file (a Word document): the file's bytes."""
    with tempfile.TemporaryDirectory(prefix="briefpress-pandoc-") as scratch:
        _run([*options, f"--output={output}"], stdin, files or {}, None, Path(scratch))
        return (Path(scratch) / output).read_bytes()


def _run(options: Sequence[str], stdin: str, files: Mapping[str, bytes], arguments: Sequence[str] | None,
         folder: Path | None = None) -> str:
    if folder is None:
        with tempfile.TemporaryDirectory(prefix="briefpress-pandoc-") as scratch:
            return _run(options, stdin, files, arguments, Path(scratch))
    for name, data in files.items():
        (folder / name).write_bytes(data)
    command = [str(pandoc_binary()), *(arguments if arguments is not None else
                                       ["+RTS", f"-M{HEAP_MIB}m", "-RTS", "--sandbox", *options])]
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, text=True, encoding="utf-8",
                              timeout=SECONDS, cwd=folder, env={"LANG": "C.UTF-8"})
    except subprocess.TimeoutExpired:
        raise PandocError(f"pandoc took longer than {SECONDS} s") from None
    if done.returncode != 0:
        message = " ".join(done.stderr.split()) or f"pandoc exited with status {done.returncode}"
        raise PandocError(message)
    return done.stdout
