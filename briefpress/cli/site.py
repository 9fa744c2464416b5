"""``site SERIES.yaml --out DIR [--jobs N | --scheduler ADDRESS]``: a series' static site (see series.site)."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..errors import BriefError
from .console import Console


def add_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("series", type=Path, metavar="SERIES.yaml", help="the series file: title, url, briefs")
    parser.add_argument("--out", type=Path, default=Path("site"), help="the site's folder (default: site)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="briefs built at once on this machine (default: one per CPU)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="build each brief as a task on the Dask cluster at ADDRESS (tcp://host:8786)")


def run(command: str, argv: list[str], console: Console, parser: argparse.ArgumentParser) -> int:
    """0 every brief built, 1 a brief (or the series file) has problems, 2 usage."""
    from ..series.site import build_site

    args = console.parse(parser, argv)
    if isinstance(args, int):
        return args
    if args.jobs is not None and args.jobs < 1:
        return console.usage(f"--jobs {args.jobs}: must be at least 1", command)
    if args.scheduler is not None and not _have_dask():
        return console.usage("--scheduler needs dask.distributed: pip install 'briefpress[cluster]'", command)
    started = time.perf_counter()
    try:
        result = build_site(args.series, args.out, args.jobs, args.scheduler)
    except BriefError as error:
        for problem in error.problems:
            console.problem(problem)
        return 1
    for outcome in result.failed:
        for problem in outcome.problems:
            console.problem(problem)
    for brief in result.catalogue.briefs:
        console.say(f"{args.out / brief.slug}/  {brief.title}, version {brief.version}")
    console.say(f"site: {len(result.catalogue.briefs)} briefs listed, {len(result.failed)} failed, "
                f"{len(result.written)} files in {args.out} ({time.perf_counter() - started:.2f} s)")
    return 1 if result.failed else 0


def _have_dask() -> bool:
    from importlib.util import find_spec

    return find_spec("distributed") is not None
