"""Bounded rendering: the printer runs in a child process under a time and a memory limit.

A hostile or merely enormous document must not take the machine with it. The child caps its own
address space (``RLIMIT_AS``) once its libraries are loaded, dies with its parent, and is killed
by the parent when a job runs past the time limit; either way the build ends with an error that
names the limit. ``PrintWorker`` keeps one child for several jobs; ``print_in_child`` uses a
fresh one for a single job.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from .errors import BriefError, Location, Problem, RenderError

if TYPE_CHECKING:
    from .pdf import PrintedPDF, PrintJob

DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MIB = 2048
STARTUP_SECONDS = 60.0
MEMORY_EXIT = 75  # the child's exit status when an allocation failed under the memory limit
_NATIVE_FAILURES = {signal.SIGTRAP, signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS}
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


def _virtual_size() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _serve(connection: Connection, limits: Limits) -> None:
    """The child: load the printer, cap memory, then print each job received until told to stop."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    _one_malloc_arena()
    from .pdf import print_pdf, warm_up

    warm_up()
    if limits.memory_mib:
        cap = _virtual_size() + limits.memory_mib * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    connection.send("ready")
    while (job := connection.recv()) is not None:
        try:
            connection.send(("ok", print_pdf(job)))
        except MemoryError:
            os._exit(MEMORY_EXIT)  # nothing more can be allocated safely, not even a reply
        except BriefError as error:
            connection.send(("problems", error.problems))
        except Exception as error:  # a failure inside the printer is a build error, not a crash
            connection.send(("problems", [Problem(job.document_location,
                                                  f"the printer failed: {type(error).__name__}: {error}")]))


class PrintWorker:
    """A printer child process under ``limits``; use as a context manager, call ``print(job)``."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None

    def __enter__(self) -> PrintWorker:
        context = multiprocessing.get_context("spawn")
        self._connection, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_end, self.limits), daemon=True,
                                        name="briefpress-printer")
        self._process.start()
        child_end.close()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def print(self, job: PrintJob) -> PrintedPDF:
        """Print ``job`` in the child; raises RenderError on problems or when a limit is exceeded."""
        assert self._connection is not None and self._process is not None
        where = job.document_location
        self._await_ready(where)
        self._connection.send(job)
        if not self._connection.poll(self.limits.seconds):
            self.close()
            raise RenderError.at(where, f"layout exceeded the time limit of {self.limits.time_text()}")
        try:
            status, payload = self._connection.recv()
        except (EOFError, OSError):
            raise self._death(where) from None
        if status == "problems":
            raise RenderError(payload)
        return payload

    def _await_ready(self, where: Location) -> None:
        if getattr(self, "_ready", False):
            return
        assert self._connection is not None
        try:
            ready = self._connection.poll(STARTUP_SECONDS) and self._connection.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            raise self._death(where)
        self._ready = True

    def _death(self, where: Location) -> RenderError:
        assert self._process is not None
        self._process.join(5)
        code = self._process.exitcode
        self.close()
        if code == MEMORY_EXIT:
            return RenderError.at(where, f"layout exceeded the memory limit of {self.limits.memory_text()}")
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            if self.limits.memory_mib and -code in _NATIVE_FAILURES:
                # A native library that cannot allocate aborts rather than raise MemoryError.
                return RenderError.at(where, f"layout exceeded the memory limit of {self.limits.memory_text()} "
                                             f"(the printer stopped with {name})")
            return RenderError.at(where, f"the printer process stopped unexpectedly (signal {name})")
        return RenderError.at(where, f"the printer process stopped unexpectedly (exit status {code})")

    def close(self) -> None:
        """Stop the child: politely when idle, by force when it is still working."""
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if connection is not None:
            try:
                connection.send(None)
            except (OSError, ValueError):
                pass
            connection.close()
        if process is not None:
            process.join(0.5)
            if process.is_alive():
                process.kill()
                process.join()


def print_in_child(job: PrintJob, limits: Limits) -> PrintedPDF:
    """Print one job in a fresh child process under ``limits``."""
    with PrintWorker(limits) as worker:
        return worker.print(job)
