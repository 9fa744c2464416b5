"""The printer process, seen from the build: start it, send it jobs, collect PDFs within the limits.

``PrintWorker`` keeps one child (see ``child``) for several jobs (``single`` prints one job in a
fresh one). A kept child holds WeasyPrint, the fonts and the parsed stylesheets from
one job to the next, and ``prepare`` has it load them while the build is still busy.

WeasyPrint's native libraries (Pango, HarfBuzz, fontconfig) keep memory from every document they lay
out, which no call gives back (the real brief: 6% more after a second layout in the same process, then
about half a MiB each), so a kept child whose resident memory is ``REPLACE_AFTER_GROWTH`` over the first
job's (of the first child: the allowance carries over to the children that take over) is replaced by a
fresh one. When the child is printing one brief again and again (``watch``),
the fresh one first rehearses the last job, laying it out in the background while the old child goes on
serving, and takes over at the first job after it is done, if it rehearsed one of the last two jobs (else
it lays out the next job too, beside the old child: a warm layout). It starts with that brief's parts laid
out, so the next edit is laid out part by part, as before. Otherwise (a batch of briefs) the fresh one takes
over at once, with the same stylesheets loaded. While a rehearsal runs, both children are resident.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Self

from ..errors import Location, RenderError
from .job import PrintedPDF, PrintJob
from .limits import Limits
from .protocol import (
    CHILD_COMMAND,
    MEMORY_EXIT,
    NATIVE_FAILURES,
    PACKAGE_PARENT,
    STARTUP_SECONDS,
    Prepare,
)

if TYPE_CHECKING:
    from ..render.stylesheets import Stylesheet

# Of the resident memory after the first job. A child that took over is about 6% over it after its first job
# (its second layout), and grows by about half a percent a job from there.
REPLACE_AFTER_GROWTH = 0.07


class PrintWorker:
    """A printer child process under ``limits``; use as a context manager, call ``print(job)``."""

    def __init__(self, limits: Limits, replace_after_growth: float = REPLACE_AFTER_GROWTH) -> None:
        self.limits = limits
        self.replace_after_growth = replace_after_growth
        self._jobs, self._first_resident = 0, 0  # the child's jobs done; bytes after the first job
        self._last: PrintJob | None = None  # the job printed last, and the one before: what a fresh child rehearses
        self._before_last: PrintJob | None = None
        self.understudy: PrintWorker | None = None  # a fresh child rehearsing the last job, to take over
        self._rehearsal: PrintJob | None = None  # as an understudy: the job it laid out last
        self._prepared: Prepare | None = None
        self._process: subprocess.Popen | None = None
        self._connection: Connection | None = None
        self._pending: PrintJob | None = None
        self._submitted = 0.0  # when the pending job was sent (time.monotonic)
        self._ready = False

    def __enter__(self) -> Self:
        return self.start()

    def start(self) -> Self:
        """Start the child unless it is running (after a limit was hit, a fresh one is started)."""
        if self._process is not None:
            return self
        self._ready, self._jobs, self._first_resident = False, 0, 0
        ours, theirs = socket.socketpair()
        path = os.pathsep.join(filter(None, [PACKAGE_PARENT, os.environ.get("PYTHONPATH")]))
        argv = [sys.executable, "-P", "-c", CHILD_COMMAND, str(theirs.fileno()), str(os.getpid()),
                repr(self.limits.seconds), str(self.limits.memory_mib)]
        try:
            with theirs, _interrupts_held():
                self._process = subprocess.Popen(argv, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                                 stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": path},
                                                 start_new_session=True)  # Ctrl-C is the build's to handle
        except BaseException:  # an interrupt held while starting: a ``with`` never reaches its exit
            ours.close()
            self.close()
            raise
        self._connection = Connection(ours.detach())
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def prepare(self, stylesheets: Sequence[Stylesheet], roots: Sequence[Path], font_cache: Path | None) -> None:
        """Have the child load these stylesheets and their fonts now, while the caller does other work."""
        self.start()
        assert self._connection is not None
        self._prepared = Prepare(tuple(stylesheets), tuple(roots), font_cache)
        self._send_prepared()

    def _send_prepared(self) -> None:
        assert self._connection is not None
        try:
            self._connection.send(self._prepared)
        except OSError:
            pass  # the child died (under its limits): the job sent next learns why

    def submit(self, job: PrintJob) -> None:
        """Send ``job`` to the child and return while it prints; ``result()`` collects the PDF."""
        if self._pending is not None:
            # The previous caller failed before collecting its PDF: drop that reply to stay in step.
            try:
                self.result()
            except RenderError:
                pass
        if self.understudy is not None:
            rehearsed = self.understudy.rehearsed()
            if rehearsed is not None and (rehearsed is self._last or rehearsed is self._before_last):
                self._take_over(self.understudy)  # what it lays out again: the parts of one edit more, at most
            elif rehearsed is not None:  # it catches up, laying out this job beside this child (a warm layout):
                self.understudy.submit(job)  # on the last job, it would be a job behind at every next one
            elif self.understudy._process is None:  # its rehearsal failed: replaced at once instead
                self._restart()
        self.start()
        assert self._connection is not None
        try:
            self._connection.send(job)
        except OSError:
            pass  # the child died (under its limits) before it took the job: result() says why
        except BaseException:
            self.close()  # interrupted half-way through the job: the child's state is unknown
            raise
        self._pending, self._submitted = job, time.monotonic()

    def result(self) -> PrintedPDF:
        """The PDF of the job submitted last; raises RenderError on problems or when a limit is exceeded."""
        job, self._pending = self._pending, None
        assert job is not None and self._connection is not None, "result() without submit()"
        where = job.document_location
        try:
            # The layout's clock runs from the job's submission (or the printer's start, if later):
            # the caller may have done other work meanwhile.
            began = self._submitted if self._ready else time.monotonic()
            self._await_ready(where)
            if not self._connection.poll(max(0.0, self.limits.seconds - (time.monotonic() - began))):
                self.close()
                raise RenderError.at(where, f"layout exceeded the time limit of {self.limits.time_text()}")
            status, payload, *took = self._connection.recv()
        except (EOFError, OSError):
            raise self._death(where) from None
        except BaseException:
            if self._process is not None:
                self.close()  # interrupted while the child works: its state is unknown
            raise
        if status == "problems":
            raise RenderError(payload)
        if took and took[0] > self.limits.seconds:  # finished, but later than allowed
            raise RenderError.at(where, f"layout exceeded the time limit of {self.limits.time_text()}")
        self._last, self._before_last = job, self._last
        self._mind_memory(took[1] if len(took) > 1 else 0)
        return payload

    def _mind_memory(self, resident: int) -> None:
        """Replace the child once its memory is past the allowance over the first job's (measured after
        each job and reported with the next reply)."""
        if not resident:
            return
        self._jobs += 1
        allowance = self._first_resident * (1 + self.replace_after_growth)
        grown = self._jobs == 1 and resident > self._first_resident * (1 + 2 * self.replace_after_growth)
        if not self._first_resident or grown:
            self._first_resident = resident  # the first job, or a child taking over a brief that grew since
        elif resident > allowance and self.understudy is None:
            last, before = self._last, self._before_last
            if last is not None and before is not None and _same_brief(last, before):
                self.understudy = PrintWorker(self.limits, self.replace_after_growth)
                if (prepared := self._prepared) is not None:
                    self.understudy.prepare(prepared.stylesheets, prepared.roots, prepared.font_cache)
                self.understudy.submit(last)  # its reply is dropped: the caller has this job's PDF
            else:
                self._restart()

    def _restart(self) -> None:
        """Replace the child by a fresh one now; it loads the stylesheets while the caller goes on."""
        self.close()
        self.start()
        if self._prepared is not None:
            self._send_prepared()

    def rehearsed(self) -> PrintJob | None:
        """The job this child, rehearsing, has laid out, once done (read without waiting); None while it
        works, and if it failed or ran past the time limit (then it is stopped)."""
        connection = self._connection
        try:
            while connection is not None and self._pending is not None and connection.poll(0):
                reply = connection.recv()
                if reply == "ready":
                    self._ready = True
                    continue
                self._rehearsal, self._pending = self._pending, None
                if reply[0] != "ok":
                    self.close()
        except (EOFError, OSError):
            self.close()
        overdue = self._pending is not None and time.monotonic() - self._submitted > self.limits.seconds
        if overdue or (self._process is not None and self._process.poll() is not None):  # or gone since done
            self.close()
        return self._rehearsal if self._process is not None and self._pending is None else None

    def _take_over(self, understudy: PrintWorker) -> None:
        """Stop this child and go on with ``understudy``'s, which has laid out the last job."""
        self.understudy = None
        self.close()
        self._process, self._connection, self._ready = understudy._process, understudy._connection, True
        self._jobs = 0  # its first job was the rehearsal: measured with the next reply, against the same allowance
        understudy._process = understudy._connection = None

    def print(self, job: PrintJob) -> PrintedPDF:
        """Print ``job`` in the child; raises RenderError on problems or when a limit is exceeded."""
        self.submit(job)
        return self.result()

    def _await_ready(self, where: Location) -> None:
        if self._ready:
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
        try:
            code = self._process.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        self.close()
        if code == MEMORY_EXIT:
            return RenderError.at(where, f"layout exceeded the memory limit of {self.limits.memory_text()}")
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            if self.limits.memory_mib and -code in NATIVE_FAILURES:
                # A native library that cannot allocate aborts rather than raise MemoryError.
                return RenderError.at(where, f"layout exceeded the memory limit of {self.limits.memory_text()} "
                                             f"(the printer stopped with {name})")
            return RenderError.at(where, f"the printer process stopped unexpectedly (signal {name})")
        return RenderError.at(where, f"the printer process stopped unexpectedly (exit status {code})")

    def close(self) -> None:
        """Stop the child: politely when idle, by force when it is still working or still starting (a
        build that fails before the layout would otherwise wait for WeasyPrint to finish loading)."""
        if self.understudy is not None:
            self.understudy.close()
            self.understudy = None
        process, connection = self._process, self._connection
        idle = self._ready and self._pending is None
        self._process = self._connection = None
        self._pending, self._ready = None, False
        if connection is not None:
            try:
                connection.send(None)
            except (OSError, ValueError):
                pass
            connection.close()
        if process is not None:
            try:
                process.wait(0.5 if idle else 0)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _same_brief(one: PrintJob, other: PrintJob) -> bool:
    """Whether two jobs print the same edition of a brief (whose parts a rehearsal would lay out)."""
    return (one.identifier, one.base_url) == (other.identifier, other.base_url)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while the child is started, and raise them once it is known: raised inside
    ``Popen``, they would leave a child no one stops (it dies with the build, but after the build is gone)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers run, and can be changed, only in the main thread
        return
    held: list[int] = []
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    for signum, handler in previous.items():
        if callable(handler):  # ignored or left to the system: nothing is raised inside Popen
            signal.signal(signum, lambda number, frame: held.append(number))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            if callable(handler):
                signal.signal(signum, handler)
        if held:
            signal.raise_signal(held[0])
