"""The printer child process: serves print jobs on its socket under time and memory limits, and dies with
the build that started it.
"""
from __future__ import annotations

import ctypes
import gc
import os
import resource
import signal
import time
from multiprocessing.connection import Connection

from ..errors import BriefError, Problem
from .job import PrintJob
from .libraries import libraries_by_soname
from .limits import Limits
from .protocol import MEMORY_EXIT, Prepare


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


def _give_back_freed_memory() -> None:
    # A layout's boxes refer to each other: they are freed by the cycle collector, which would otherwise run
    # at some later allocation; and glibc keeps the freed pages for the next allocation. Both done now, the
    # resident size is what the printer holds (its kept parts).
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
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
    from .engine import prepare, print_pdf, warm_up

    with libraries_by_soname():
        warm_up()
    cap = _virtual_size() + limits.memory_mib * 1024 * 1024 if limits.memory_mib else 0
    if cap:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    connection.send("ready")
    resident = 0  # once the last job's memory was given back: sent with the next reply
    while (job := _receive(connection)) is not None:
        try:
            if isinstance(job, Prepare):
                prepare(job.stylesheets, job.roots, job.font_cache)
                continue
            assert isinstance(job, PrintJob), f"not a print job: {type(job).__name__}"
            started = time.monotonic()
            printed = print_pdf(job)
            took = time.monotonic() - started
            # The parent replaces a printer whose memory keeps growing; this job's memory is given back and
            # measured after the reply, off the build's path, and reported with the next one.
            connection.send(("ok", printed, took, resident))
            del printed
        except MemoryError:
            os._exit(MEMORY_EXIT)  # nothing more can be allocated safely, not even a reply
        except BriefError as error:
            connection.send(("problems", error.problems))
        except Exception as error:  # a failure inside the printer is a build error, not a crash
            if _short_of_memory(error, cap):
                os._exit(MEMORY_EXIT)
            if isinstance(job, PrintJob):  # a stylesheet that failed to load fails its job, with the reason
                connection.send(("problems", [Problem(job.document_location,
                                                      f"the printer failed: {type(error).__name__}: {error}")]))
        if isinstance(job, PrintJob):
            _give_back_freed_memory()
            resident = _status_field("VmRSS:")
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

