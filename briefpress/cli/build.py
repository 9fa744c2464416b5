"""``build`` and ``check``: one brief or several, through the same Builder.

With one brief to build, its printer starts loading WeasyPrint before the pipeline is imported.
"""
from __future__ import annotations

import argparse
import signal
import threading
import time
from pathlib import Path

from ..errors import BriefError, Problem
from ..pipeline.builder import Builder
from ..pipeline.options import CHECK, Options, Output
from .arguments import (
    add_source_arguments,
    options_from,
    read_limits,
    source_usage_error,
)
from .console import Console


def add_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    """``check`` takes the arguments of ``build`` too, so that one command line can be checked, then built."""
    parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    add_source_arguments(parser, several=True)
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="with several --content: briefs built at once (default: one per CPU)")
    parser.add_argument("--keep-intermediate", action="store_true",
                        help="also write <out>/<slug>.print.html, the HTML the PDF is printed from")
    parser.add_argument("--print-ready", action="store_true",
                        help="a PDF for a commercial printer: PDF/X-4 (unless another PDF/X is given), 3 mm bleed, "
                             "crop marks, CMYK output intent")
    parser.add_argument("--docx", action="store_true",
                        help="also write <out>/<slug>.docx, the Word edition for reviewers")
    parser.add_argument("--email", action="store_true",
                        help="also write <out>/<slug>.eml, the e-mail edition (title, takeaways, summary, links)")


class _Terminated(BaseException):
    """SIGTERM, raised where the build is: a BaseException, like KeyboardInterrupt, so that no handler of
    ordinary errors on the way (a parser's, a stage's) can mistake it for a problem of the brief."""


def _on_terminate(signum: int, frame: object) -> None:
    # Turn SIGTERM into an exception so staging folders are cleaned up on the way out.
    raise _Terminated()


def run(command: str, argv: list[str], console: Console, parser: argparse.ArgumentParser) -> int:
    # Installed first: an interrupt at any moment, even while arguments are read, ends cleanly.
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_terminate) if main_thread else None
    try:
        return _parse_and_run(command, argv, console, parser)
    except (KeyboardInterrupt, _Terminated):
        console.problem(f"{console.prog}: interrupted; the output folder is unchanged")
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _parse_and_run(command: str, argv: list[str], console: Console, parser: argparse.ArgumentParser) -> int:
    args = console.parse(parser, argv)
    if isinstance(args, int):
        return args
    if (usage := source_usage_error(args)):
        return console.usage(usage)
    try:
        limits = read_limits(args)
    except ValueError as error:
        return console.usage(str(error))
    if args.jobs is not None and args.jobs < 1:
        return console.usage(f"--jobs {args.jobs}: must be at least 1")
    briefs = [options_from(args, content, limits, out=args.out, keep_intermediate=args.keep_intermediate,
                           email=args.email, docx=args.docx, print_ready=args.print_ready)
              for content in args.content or [Path("content")]]
    with Builder(briefs[0]) as builder:
        if command == "build" and len(briefs) == 1:
            builder.start()  # the printer loads WeasyPrint now, while the pipeline is imported
        return _run(command, briefs, builder, args.jobs, console)


def _run(command: str, briefs: list[Options], builder: Builder, jobs: int | None, console: Console) -> int:
    from ..authoring.progress import Progress

    try:
        if command == "check":
            return _check(briefs, builder, console)
        if len(briefs) > 1:
            return _build_many(briefs, jobs, console)
        with Progress(console.stdout) as progress:
            result = builder.build(progress.report)
    except BriefError as error:
        _print_problems(error.problems, console)
        return 1
    except OSError as error:  # outside the content: the machine (disk, permissions) refused
        console.problem(f"{console.prog}: error: {error}")
        return 1
    _print_outputs(result.outputs, console)
    for warning in result.warnings:
        console.say(f"{warning.location}: warning: {warning.message}")
    console.say(f"charts: {result.charts_rendered} rendered, {result.charts_from_cache} from cache")
    if result.printer:
        console.say(f"printer: {', '.join(f'{step} {seconds:.2f} s' for step, seconds in result.printer.items())}")
    console.say(f"built in {sum(result.timings.values()):.2f} s")
    return 0


def _print_problems(problems: list[Problem], console: Console) -> None:
    for problem in problems:
        console.problem(problem)


def _print_outputs(outputs: list[Output], console: Console) -> None:
    for output in outputs:
        pages = f"{output.pages} pages, " if output.pages else ""
        variant = f" ({output.variant.upper()})" if output.variant else ""
        size = f"{output.size:,} bytes" if output.size < 1024 else f"{output.size / 1024:,.0f} KiB"
        console.say(f"{output.path}  {pages}{size}{variant}")


def _check(briefs: list[Options], builder: Builder, console: Console) -> int:
    problems: list[Problem] = []
    for options in briefs:
        try:
            result = builder.run(CHECK, options=options)
        except BriefError as error:
            problems.extend(error.problems)
            continue
        brief, editions = result.brief, "".join(f"; {tag}: {b.meta.title}" for tag, b in result.editions.items())
        console.say(f"{options.content}: ok ({brief.meta.title}, {len(brief.sections)} sections{editions})")
    _print_problems(problems, console)
    return 1 if problems else 0


def _build_many(briefs: list[Options], jobs: int | None, console: Console) -> int:
    from ..pipeline.batch import build_many

    started = time.perf_counter()
    outcomes = build_many(briefs, jobs)
    for outcome in outcomes:
        _print_outputs(outcome.outputs, console)
        _print_problems(outcome.problems, console)
    failed = sum(1 for outcome in outcomes if outcome.problems)
    console.say(f"built {len(outcomes) - failed} of {len(outcomes)} briefs in {time.perf_counter() - started:.2f} s")
    return 1 if failed else 0
