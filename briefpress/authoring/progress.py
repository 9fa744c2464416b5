"""Progress on the terminal: each finished stage with its time, and a spinner while one runs.

The spinner is drawn only when the stream is a terminal, so logs and pipes get plain lines.
"""
from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import Self, TextIO

FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class Progress:
    """A ``report(stage, seconds)`` callback for the pipeline, used as a context manager."""

    def __init__(self, stream: TextIO, interactive: bool | None = None, indent: str = "  ") -> None:
        self.stream, self.indent = stream, indent
        self.interactive = _is_terminal(stream) if interactive is None else interactive
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._since = time.perf_counter()

    def __enter__(self) -> Self:
        self._since = time.perf_counter()
        if self.interactive:
            self._thread = threading.Thread(target=self._spin, name="briefpress-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            self._clear()

    def report(self, stage: str, seconds: float) -> None:
        """Print one finished stage; the spinner, if any, continues on the next line."""
        with self._lock:
            self._clear()
            print(f"{self.indent}{stage:<20}{seconds:6.2f} s", file=self.stream, flush=True)
            self._since = time.perf_counter()

    def _spin(self) -> None:
        frame = 0
        while not self._stop.wait(0.1):
            with self._lock:
                elapsed = time.perf_counter() - self._since
                self.stream.write(f"\r{self.indent}{FRAMES[frame % len(FRAMES)]} working… {elapsed:4.1f} s")
                self.stream.flush()
            frame += 1

    def _clear(self) -> None:
        if self.interactive:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
