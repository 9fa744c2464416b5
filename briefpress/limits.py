"""Bounded rendering: the printer runs in a child process under a time and a memory limit.

A hostile or merely enormous document must not take the machine with it. The child caps its own
address space (``RLIMIT_AS``) once its libraries are loaded, dies with its parent, and is killed
by the parent when a job runs past the time limit; either way the build ends with an error that
names the limit. This module is the child's side (``serve``) and the limits themselves; the parent's
side, which starts the child and collects its PDFs, is ``briefpress.worker``.
"""
from __future__ import annotations

import ctypes
import os
import resource
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BriefError, Problem

if TYPE_CHECKING:
    from .stylesheets import Stylesheet

DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MIB = 2048
STARTUP_SECONDS = 60.0
MEMORY_EXIT = 75  # the child's exit status when an allocation failed under the memory limit
NATIVE_FAILURES = {signal.SIGTRAP, signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS}
# The child is a fresh interpreter (not a fork: the parent may hold threads and locks), started
# without the working directory on its path so that it imports this very package.
CHILD_COMMAND = "import sys; from briefpress.limits import serve; serve(*sys.argv[1:])"
PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)
TIME_ENV, MEMORY_ENV = "BRIEFPRESS_TIME_LIMIT", "BRIEFPRESS_MEMORY_LIMIT"


@dataclass(frozen=True)
class Limits:
    """Seconds one print job may take, and MiB of memory the printer may add once started (0: none)."""

    seconds: float = DEFAULT_SECONDS
    memory_mib: int = DEFAULT_MEMORY_MIB

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        """Defaults overridden by ``BRIEFPRESS_TIME_LIMIT`` (seconds) and ``BRIEFPRESS_MEMORY_LIMIT`` (MiB)."""
        environ = os.environ if environ is None else environ
        values = []
        for name, parse, default in ((TIME_ENV, parse_seconds, DEFAULT_SECONDS), (MEMORY_ENV, parse_mib, DEFAULT_MEMORY_MIB)):
            try:
                values.append(parse(environ.get(name, str(default))))
            except ValueError as error:
                raise ValueError(f"${name}: {error}") from None
        return cls(*values)

    def time_text(self) -> str:
        return f"{self.seconds:g} s"

    def memory_text(self) -> str:
        return f"{self.memory_mib:,} MiB"


def parse_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"time limit must be a number of seconds, got '{text}'") from None
    if not 0 < value < 86_400:
        raise ValueError(f"time limit must be between 0 and 86400 seconds, got {text}")
    return value


def parse_mib(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"memory limit must be a whole number of MiB, got '{text}'") from None
    if not 0 <= value <= 1 << 20:
        raise ValueError(f"memory limit must be between 0 (none) and 1048576 MiB, got {text}")
    return value


def _die_with_parent() -> None:
    # PR_SET_PDEATHSIG: the kernel kills this process when its parent dies, even by SIGKILL.
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _one_malloc_arena() -> None:
    # glibc reserves 64 MiB of address space for each thread's arena; under RLIMIT_AS the
    # threads Pango starts would fail for want of address space rather than of memory.
    try:
        ctypes.CDLL(None).mallopt(-8, 1)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def _status_field(name: str) -> int:
    """A size from /proc/self/status, in bytes (0 where there is no such file)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(name):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _virtual_size() -> int:
    return _status_field("VmSize:")
@dataclass(frozen=True)
class Prepare:
    """Load these stylesheets and their fonts now; no reply."""

    stylesheets: tuple[Stylesheet, ...]
    roots: tuple[Path, ...]
    font_cache: Path | None


def serve(descriptor: str, parent: str, seconds: str, memory_mib: str) -> None:
    """The child's entry point: serve print jobs on the inherited socket ``descriptor``."""
    _die_with_parent()
    if os.getppid() != int(parent):  # the parent died before the line above took effect
        os._exit(1)
    try:
        _serve(Connection(int(descriptor)), Limits(float(seconds), int(memory_mib)))
    except (EOFError, BrokenPipeError, ConnectionResetError):
        pass  # the build ended or was interrupted: there is no one left to answer


def _serve(connection: Connection, limits: Limits) -> None:
    """Load the printer, cap memory, then print each job received until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    _one_malloc_arena()
    from .pdf import prepare, print_pdf, warm_up

    warm_up()
    cap = _virtual_size() + limits.memory_mib * 1024 * 1024 if limits.memory_mib else 0
    if cap:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    connection.send("ready")
    while (job := _receive(connection)) is not None:
        try:
            if isinstance(job, Prepare):
                prepare(job.stylesheets, job.roots, job.font_cache)
                continue
            started = time.monotonic()
            printed = print_pdf(job)
            connection.send(("ok", printed, time.monotonic() - started))
        except MemoryError:
            os._exit(MEMORY_EXIT)  # nothing more can be allocated safely, not even a reply
        except BriefError as error:
            connection.send(("problems", error.problems))
        except Exception as error:  # a failure inside the printer is a build error, not a crash
            if _short_of_memory(error, cap):
                os._exit(MEMORY_EXIT)
            if not isinstance(job, Prepare):  # a stylesheet that failed to load fails its job, with the reason
                connection.send(("problems", [Problem(job.document_location,
                                                      f"the printer failed: {type(error).__name__}: {error}")]))
    # Nothing of the printer's needs tearing down object by object: leave at once.
    os._exit(0)


def _receive(connection: Connection) -> object:
    try:
        return connection.recv()
    except (EOFError, OSError):  # the parent is gone
        return None


def _short_of_memory(error: BaseException, cap: int) -> bool:
    """Whether a failure was the memory cap: C code that cannot allocate often raises
    something other than MemoryError, so a process that came close to its cap counts too."""
    chain: BaseException | None = error
    while chain is not None:
        if isinstance(chain, MemoryError):
            return True
        chain = chain.__cause__ or chain.__context__
    if not cap:
        return False
    peak = _status_field("VmPeak:")
    return peak >= cap - max(16 * 1024 * 1024, (cap - _status_field("VmSize:")) // 10)
