"""Where a command writes: its name for messages, and its two streams."""
from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True)
class Console:
    prog: str
    stdout: TextIO
    stderr: TextIO

    @property
    def prog_command(self) -> str:
        """How the user runs this program, for the commands a message suggests."""
        return f"python3 {self.prog}" if self.prog.endswith(".py") else self.prog

    def say(self, line: str) -> None:
        print(line, file=self.stdout, flush=True)

    def problem(self, line: object) -> None:
        print(line, file=self.stderr)

    def usage(self, message: str, command: str | None = None) -> int:
        """Print a usage error as argparse does (``prog [command]: error: ...``); returns status 2."""
        self.problem(f"{self.prog}{f' {command}' if command else ''}: error: {message}")
        return 2

    @contextlib.contextmanager
    def redirected(self) -> Iterator[None]:
        """argparse writes help and its errors to sys.stdout and sys.stderr: send them to ours."""
        with contextlib.redirect_stdout(self.stdout), contextlib.redirect_stderr(self.stderr):
            yield

    def parse(self, parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | int:
        """The parsed arguments, or the exit status argparse chose (0 after --help, 2 for an error)."""
        try:
            with self.redirected():
                return parser.parse_args(argv)
        except SystemExit as exit_:
            return int(exit_.code or 0)
