"""The parent/child protocol of the printer process: how the child is started, the messages it takes,
and what its exit status means.
"""
from __future__ import annotations

import signal
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..render.stylesheets import Stylesheet


STARTUP_SECONDS = 60.0  # how long the child may take to load WeasyPrint and say "ready"
MEMORY_EXIT = 75  # the child's exit status when an allocation failed under the memory limit
# Signals a native library dies with when it cannot allocate, rather than raising MemoryError.
NATIVE_FAILURES = {signal.SIGTRAP, signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS}

# The child is a fresh interpreter (not a fork: the parent may hold threads and locks), started
# without the working directory on its path so that it imports this very package.
CHILD_COMMAND = "import sys; from briefpress.printing.child import serve; serve(*sys.argv[1:])"
PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])


@dataclass(frozen=True)
class Prepare:
    """Load these stylesheets and their fonts now; no reply."""

    stylesheets: tuple[Stylesheet, ...]
    roots: tuple[Path, ...]
    font_cache: Path | None

