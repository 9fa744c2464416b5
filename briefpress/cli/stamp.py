"""``stamp FILE.pdf --recipient NAME [--copy N] [--of M]``: a numbered recipient copy (see publish.stamp)."""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

from ..errors import BriefError
from ..publish.stamp import stamp
from .console import Console


def add_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("file", type=Path, metavar="FILE.pdf", help="the built PDF (it is not changed)")
    parser.add_argument("--recipient", required=True, help="who the copy is for")
    parser.add_argument("--copy", type=int, metavar="N", help="copy number (default: the next one not made)")
    parser.add_argument("--of", type=int, metavar="M",
                        help="copies made in all; needed for the first copy, then kept in manifest.json")


def run(command: str, argv: list[str], console: Console, parser: argparse.ArgumentParser) -> int:
    """0 written, 1 refused, 2 usage."""
    args = console.parse(parser, argv)
    if isinstance(args, int):
        return args
    # pypdf logs what it repairs while reading; a damaged file is refused with its reason instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR + 1)
    if not args.file.is_file():
        console.problem(f"{args.file}: no such file")
        return 1
    try:
        target, copy = stamp(args.file, args.recipient, args.copy, args.of)
    except BriefError as error:
        for problem in error.problems:
            console.problem(problem)
        return 1
    console.say(f"{target}  {copy.line}")
    return 0
