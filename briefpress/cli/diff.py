"""``diff OLD NEW [--out DIR]``: the redline edition between two versions of a brief (see pipeline.redline).

OLD and NEW are content folders, or a content folder at a git revision written ``REV:FOLDER``
(``v1.0:content``). Writes ``<out>/<slug>.redline.html`` and ``<out>/<slug>.redline.pdf``.
"""
from __future__ import annotations

import argparse
from contextlib import ExitStack
from pathlib import Path

from ..errors import BriefError
from ..pipeline.builder import Builder
from ..pipeline.options import Options
from ..support.revisions import RevisionError, checked_out
from .console import Console


def add_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("old", metavar="OLD", help="the earlier version: a content folder, or REV:FOLDER at a git revision")
    parser.add_argument("new", metavar="NEW", help="the later version, written the same way")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    parser.add_argument("--web-only", action="store_true", help="write the HTML redline only, not its PDF")


def run(command: str, argv: list[str], console: Console, parser: argparse.ArgumentParser) -> int:
    """0 written (with or without changes), 1 problems in either version, 2 usage."""
    from ..pipeline.redline import make_redline, renamed
    from ..publish.output import publish

    args = console.parse(parser, argv)
    if isinstance(args, int):
        return args
    with ExitStack() as stack:
        try:
            old, new = (stack.enter_context(checked_out(spec)) for spec in (args.old, args.new))
        except RevisionError as error:
            return console.usage(str(error), command)
        try:
            with Builder(Options(content=new.folder, out=args.out)) as builder:
                redline = make_redline(builder, Options(content=old.folder, out=args.out),
                                       Options(content=new.folder, out=args.out), pdf=not args.web_only)
            written = publish(args.out, redline.files, keep=[old.folder, new.folder])
        except BriefError as error:
            for version in (old, new):
                error.problems = renamed(error.problems, str(version.folder), version.name)
            for problem in error.problems:
                console.problem(problem)
            return 1
    changes = redline.changes
    before, after = changes.old.meta, changes.new.meta
    summary = f"{changes.count} change{'s' if changes.count != 1 else ''}" if changes.count else "no changes"
    console.say(f"{after.slug}: {summary} from version {before.version} to {after.version}")
    for path in written:
        console.say(str(path))
    return 0
