"""Command line: ``python build.py [build|check] [--content DIR]... [--out DIR] ...``.

Commands on built files have their own options: ``stamp FILE.pdf --recipient NAME`` (a numbered
recipient copy, see briefpress.publish.stamp) and ``inspect FILE.pdf`` (see briefpress.publish.pdfinfo).

Exit status 0 when the build succeeded, 1 when the content or the build has problems (each printed
as ``PATH:LINE:COL: message``), 2 for a usage error.
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TextIO

from .authoring.progress import Progress
from .errors import BriefError, Problem
from .pipeline.builder import Builder
from .pipeline.options import Options, Output
from .printing.job import DEFAULT_VARIANT, variants
from .printing.limits import (
    DEFAULT_MEMORY_MIB,
    DEFAULT_SECONDS,
    MEMORY_ENV,
    TIME_ENV,
    Limits,
    parse_mib,
    parse_seconds,
)

COMMANDS = ("build", "check")
# Authoring commands take their own arguments; each lives in its own module.
AUTHORING = {"new": "authoring.scaffold", "watch": "authoring.watch"}
# Commands on built files, each with its own options.
TOOLS = {"stamp": "publish.stamp", "inspect": "publish.pdfinfo"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build a policy brief into PDF and HTML.")
    parser.add_argument("command", nargs="?", choices=COMMANDS, default="build",
                        help="build (default): write the PDF and web edition; check: validate only. "
                             "Also: 'new DIR' starts a brief, 'watch' previews one (see their --help)")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    add_source_arguments(parser, several=True)
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="with several --content: briefs built at once (default: one per CPU)")
    parser.add_argument("--keep-intermediate", action="store_true",
                        help="also write <out>/<slug>.print.html, the HTML the PDF is printed from")
    parser.add_argument("--pdf-variant", default=DEFAULT_VARIANT, choices=[*variants(), "none"], metavar="VARIANT",
                        help=f"PDF/A, PDF/UA or PDF/X variant, or none (default: {DEFAULT_VARIANT}); "
                             f"one of: {', '.join(variants())}")
    parser.add_argument("--time-limit", type=_limit(parse_seconds), metavar="SECONDS", default=None,
                        help=f"time the layout may take (default {DEFAULT_SECONDS:g}, or ${TIME_ENV})")
    parser.add_argument("--memory-limit", type=_limit(parse_mib), metavar="MIB", default=None,
                        help=f"memory the layout may add, 0 for none (default {DEFAULT_MEMORY_MIB}, or ${MEMORY_ENV})")
    return parser


def add_source_arguments(parser: argparse.ArgumentParser, several: bool = False) -> None:
    """The options that say what to build from; shared by build, check and watch."""
    if several:
        parser.add_argument("--content", type=Path, action="append", default=[], metavar="DIR",
                            help="content folder (default: content); give several to build several briefs")
    else:
        parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                            help="content folder (default: content)")
    parser.add_argument("--templates", type=Path, action="append", default=[], metavar="DIR",
                        help="a folder of template overrides, searched before the built-in templates")
    parser.add_argument("--style", type=Path, action="append", default=[], metavar="FILE",
                        help="a stylesheet loaded after the built-in ones")
    parser.add_argument("--paper", choices=("a4", "letter"),
                        help="paper size of the PDF (default: the brief's `paper`, else a4)")
    parser.add_argument("--no-cache", action="store_true",
                        help="render every chart and lay out from scratch, ignoring the caches")


def source_usage_error(args: argparse.Namespace) -> str | None:
    """The first --templates or --style that does not exist, as a usage error."""
    for path in args.templates:
        if not path.is_dir():
            return f"--templates {path}: not a folder"
    for path in args.style:
        if not path.is_file():
            return f"--style {path}: no such file"
    return None


def _limit(parse: Callable[[str], float]) -> Callable[[str], float]:
    def checked(text: str) -> float:
        try:
            return parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    checked.__name__ = "limit"
    return checked


def _limits(args: argparse.Namespace) -> Limits:
    defaults = Limits.from_env()
    return Limits(args.time_limit if args.time_limit is not None else defaults.seconds,
                  args.memory_limit if args.memory_limit is not None else defaults.memory_mib)


class _Terminated(Exception):
    pass


def _on_terminate(signum: int, frame: object) -> None:
    # Turn SIGTERM into an exception so staging folders are cleaned up on the way out.
    raise _Terminated()


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    argv = sys.argv[1:] if argv is None else argv
    commands = {**AUTHORING, **TOOLS}  # command: module with main(argv, stdout, stderr)
    if argv and argv[0] in commands:
        return import_module(f".{commands[argv[0]]}", __package__).main(argv[1:], stdout, stderr)
    # Installed first: an interrupt at any moment, even while arguments are read, ends cleanly.
    previous = signal.signal(signal.SIGTERM, _on_terminate) if _main_thread() else None
    try:
        return _build_or_check(argv, stdout, stderr)
    except (KeyboardInterrupt, _Terminated):
        print("build.py: interrupted; the output folder is unchanged", file=stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _build_or_check(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if (usage := source_usage_error(args)):
        print(f"build.py: error: {usage}", file=stderr)
        return 2
    try:
        limits = _limits(args)
    except ValueError as error:
        print(f"build.py: error: {error}", file=stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print(f"build.py: error: --jobs {args.jobs}: must be at least 1", file=stderr)
        return 2
    briefs = [Options(content=content, out=args.out, templates=tuple(args.templates), styles=tuple(args.style),
                      cache=None if args.no_cache else Options.cache,
                      plans=None if args.no_cache else Options.plans, limits=limits, paper=args.paper,
                      pdf_variant=None if args.pdf_variant == "none" else args.pdf_variant,
                      keep_intermediate=args.keep_intermediate)
              for content in args.content or [Path("content")]]
    with Builder(briefs[0]) as builder:
        if args.command == "build" and len(briefs) == 1:
            builder.start()  # the printer loads WeasyPrint now, while the pipeline is imported
        return _run(args, briefs, builder, stdout, stderr)


def _run(args: argparse.Namespace, briefs: list[Options], builder: Builder, stdout: TextIO, stderr: TextIO) -> int:
    try:
        if args.command == "check":
            return _check(briefs, builder, stdout, stderr)
        if len(briefs) > 1:
            return _build_many(briefs, args.jobs, stdout, stderr)
        with Progress(stdout) as progress:
            result = builder.build(progress.report)
    except BriefError as error:
        _print_problems(error.problems, stderr)
        return 1
    except OSError as error:  # outside the content: the machine (disk, permissions) refused
        print(f"build.py: error: {error}", file=stderr)
        return 1
    _print_outputs(result.outputs, stdout)
    print(f"charts: {result.charts_rendered} rendered, {result.charts_from_cache} from cache", file=stdout)
    if result.printer:
        steps = ", ".join(f"{step} {seconds:.2f} s" for step, seconds in result.printer.items())
        print(f"printer: {steps}", file=stdout)
    print(f"built in {sum(result.timings.values()):.2f} s", file=stdout)
    return 0


def _print_problems(problems: list[Problem], stderr: TextIO) -> None:
    for problem in problems:
        print(problem, file=stderr)


def _print_outputs(outputs: list[Output], stdout: TextIO) -> None:
    for output in outputs:
        pages = f"{output.pages} pages, " if output.pages else ""
        variant = f" ({output.variant.upper()})" if output.variant else ""
        size = f"{output.size:,} bytes" if output.size < 1024 else f"{output.size / 1024:,.0f} KiB"
        print(f"{output.path}  {pages}{size}{variant}", file=stdout)


def _check(briefs: list[Options], builder: Builder, stdout: TextIO, stderr: TextIO) -> int:
    problems: list[Problem] = []
    for options in briefs:
        try:
            brief = builder.check(options)
        except BriefError as error:
            problems.extend(error.problems)
            continue
        print(f"{options.content}: ok ({brief.meta.title}, {len(brief.sections)} sections)", file=stdout)
    _print_problems(problems, stderr)
    return 1 if problems else 0


def _build_many(briefs: list[Options], jobs: int | None, stdout: TextIO, stderr: TextIO) -> int:
    from .pipeline.batch import build_many

    started = time.perf_counter()
    outcomes = build_many(briefs, jobs)
    for outcome in outcomes:
        _print_outputs(outcome.outputs, stdout)
        _print_problems(outcome.problems, stderr)
    failed = sum(1 for outcome in outcomes if outcome.problems)
    print(f"built {len(outcomes) - failed} of {len(outcomes)} briefs in {time.perf_counter() - started:.2f} s",
          file=stdout)
    return 1 if failed else 0


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
