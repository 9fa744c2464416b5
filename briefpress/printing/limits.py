"""Bounded rendering: the printer runs in a child process under a time and a memory limit.

A hostile or merely enormous document must not take the machine with it. The child caps its own
address space (``RLIMIT_AS``) once its libraries are loaded, dies with its parent, and is killed
by the parent when a job runs past the time limit; either way the build ends with an error that
names the limit. This module holds the limits themselves; the child's side is ``child``, the parent's
side, which starts the child and collects its PDFs, is ``worker``, and what passes between them is
``protocol``.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MIB = 2048
TIME_ENV, MEMORY_ENV = "BRIEFPRESS_TIME_LIMIT", "BRIEFPRESS_MEMORY_LIMIT"


@dataclass(frozen=True)
class Limits:
    """Seconds one print job may take, and MiB of memory the printer may add once started (0: none)."""

    seconds: float = DEFAULT_SECONDS
    memory_mib: int = DEFAULT_MEMORY_MIB

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults overridden by ``BRIEFPRESS_TIME_LIMIT`` (seconds) and ``BRIEFPRESS_MEMORY_LIMIT`` (MiB)."""
        found = os.environ if environ is None else environ

        def read(name: str, parse: Callable[[str], float], default: float) -> float:
            try:
                return parse(found.get(name, str(default)))
            except ValueError as error:
                raise ValueError(f"${name}: {error}") from None

        return cls(read(TIME_ENV, parse_seconds, DEFAULT_SECONDS), int(read(MEMORY_ENV, parse_mib, DEFAULT_MEMORY_MIB)))

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
















