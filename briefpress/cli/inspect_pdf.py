"""``inspect FILE.pdf ...``: pages, variant, metadata, outline, fonts and attachments (see publish.pdfinfo)."""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

from .console import Console


def add_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.pdf")
    parser.add_argument("--trust", type=Path, action="append", default=[], metavar="CA.pem",
                        help="a certificate authority whose signers are trusted, to check signatures against")


def run(command: str, argv: list[str], console: Console, parser: argparse.ArgumentParser) -> int:
    """Print each report; 1 when a file cannot be read."""
    from pypdf.errors import PyPdfError

    from ..publish.pdfinfo import format_report, inspect_pdf
    from ..publish.sign import signatures

    args = console.parse(parser, argv)
    if isinstance(args, int):
        return args
    # pypdf logs what it repairs while reading; the report and the error message say what matters.
    logging.getLogger("pypdf").setLevel(logging.ERROR + 1)
    status = 0
    for number, path in enumerate(args.files):
        try:
            report = inspect_pdf(path)
            if report.signed:
                report.signatures = signatures(path.read_bytes(), args.trust)
        except FileNotFoundError:
            console.problem(f"{path}: no such file")
            status = 1
            continue
        except (PyPdfError, OSError, ValueError, KeyError) as error:
            console.problem(f"{path}: not a readable PDF ({error})")
            status = 1
            continue
        console.say(("\n" if number else "") + format_report(path, report))
    return status
