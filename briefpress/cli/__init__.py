"""Command line: ``briefpress COMMAND ...`` (and ``python3 build.py``, the same commands).

``build`` (the default when no command is named) writes the PDF and the web edition; ``check``
validates only; ``new`` starts a brief; ``watch`` previews one; ``stamp`` and ``inspect`` work on
built PDFs. Exit status 0 when the command succeeded, 1 when the content or the build has problems
(each printed as ``PATH:LINE:COL: message``), 2 for a usage error.
"""
from __future__ import annotations

import argparse
import sys
from importlib import import_module
from types import ModuleType
from typing import TextIO

from .console import Console

# Each command's module has add_arguments(parser, command) and run(command, argv, console, parser),
# imported when named, so that reading the command line imports neither WeasyPrint nor the templates.
COMMANDS = {"build": "build", "check": "build", "new": "new", "watch": "watch", "stamp": "stamp",
            "sign": "sign", "inspect": "inspect_pdf", "diff": "diff", "site": "site"}
SUMMARIES = {
    "build": "validate, then write the PDF, the web edition, the data files and the manifest (the default)",
    "check": "validate the content and render the templates; writes nothing",
    "new": "start a new brief that builds at once",
    "watch": "serve the brief on 127.0.0.1 and rebuild it on every change",
    "stamp": "write a numbered copy of a built PDF for one recipient",
    "sign": "write a signed copy of a built PDF or a stamped copy (PAdES)",
    "inspect": "show what a built PDF carries",
    "site": "build every brief of a series and write its static site: index, topics, feed, sitemap, search",
    "diff": "write the redline between two versions of a brief (folders, or REV:FOLDER at a git revision)",
}


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("briefpress")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Build a policy brief into PDF and HTML.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands",
                                     description=f"'{prog} COMMAND --help' tells each command's options")
    for name, text in SUMMARIES.items():
        commands.add_parser(name, help=text, add_help=False)
    return parser


def command_parser(prog: str, command: str) -> argparse.ArgumentParser:
    """The parser of one command, with its own arguments."""
    return _command_parser(prog, command, import_module(f".{COMMANDS[command]}", __name__))


def _command_parser(prog: str, command: str, module: ModuleType) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"{prog} {command}", description=SUMMARIES[command])
    module.add_arguments(parser, command)
    return parser


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None,
         prog: str = "build.py") -> int:
    """Run the command line; returns the exit status instead of exiting."""
    console = Console(prog, stdout or sys.stdout, stderr or sys.stderr)
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] not in COMMANDS:
        if argv and argv[0] in ("-h", "--help", "--version"):
            return _top_level(prog, argv, console)
        if argv and not argv[0].startswith("-"):
            return console.usage(f"unknown command '{argv[0]}' (commands: {', '.join(COMMANDS)})")
        argv = ["build", *argv]
    command, rest = argv[0], argv[1:]
    module = import_module(f".{COMMANDS[command]}", __name__)
    # Each command parses its own arguments, so that it decides what happens while they are read.
    return int(module.run(command, rest, console, _command_parser(prog, command, module)))


def _top_level(prog: str, argv: list[str], console: Console) -> int:
    parser = _parser(prog)
    try:
        with console.redirected():
            parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


def console_script() -> None:
    """The ``briefpress`` command's entry point."""
    raise SystemExit(main(prog="briefpress"))
