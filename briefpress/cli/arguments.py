"""The options every command that builds shares, read into one ``Options``: so ``build``, ``check``
and ``watch`` cannot read ``--paper``, ``--pdf-variant`` or a limit differently."""
from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from ..pipeline.options import Options
from ..printing.job import DEFAULT_VARIANT, variants
from ..printing.limits import (
    DEFAULT_MEMORY_MIB,
    DEFAULT_SECONDS,
    MEMORY_ENV,
    TIME_ENV,
    Limits,
    parse_mib,
    parse_seconds,
)
from ..support.themes import find_theme, installed_themes

PAPERS = ("a4", "letter")


def add_source_arguments(parser: argparse.ArgumentParser, several: bool = False) -> None:
    """What to build from and how to print it."""
    if several:
        parser.add_argument("--content", type=Path, action="append", default=[], metavar="DIR",
                            help="content folder (default: content); give several to build several briefs")
    else:
        parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                            help="content folder (default: content)")
    parser.add_argument("--language", metavar="TAG",
                        help="only the edition in this language: the original's, or a translation's in "
                             "translations/TAG/ (default: every edition)")
    parser.add_argument("--theme", metavar="DIR|NAME",
                        help="a house theme: a folder, or the name of an installed one (default: the brief's `theme:`)")
    parser.add_argument("--templates", type=Path, action="append", default=[], metavar="DIR",
                        help="a folder of template overrides, searched before the built-in templates")
    parser.add_argument("--style", type=Path, action="append", default=[], metavar="FILE",
                        help="a stylesheet loaded after the built-in ones")
    parser.add_argument("--paper", type=_one_of("paper size", PAPERS), metavar="|".join(PAPERS),
                        help="paper size of the PDF (default: the brief's `paper`, else a4)")
    parser.add_argument("--no-cache", action="store_true",
                        help="render every chart and lay out from scratch, ignoring the caches")
    parser.add_argument("--pdf-variant", default=DEFAULT_VARIANT, type=_one_of("PDF variant", [*variants(), "none"]),
                        metavar="VARIANT",
                        help=f"PDF/A, PDF/UA or PDF/X variant, or none (default: {DEFAULT_VARIANT}); "
                             f"one of: {', '.join(variants())}")
    parser.add_argument("--time-limit", type=_limit(parse_seconds), metavar="SECONDS", default=None,
                        help=f"time the layout may take (default {DEFAULT_SECONDS:g}, or ${TIME_ENV})")
    parser.add_argument("--memory-limit", type=_limit(parse_mib), metavar="MIB", default=None,
                        help=f"memory the layout may add, 0 for none (default {DEFAULT_MEMORY_MIB}, or ${MEMORY_ENV})")


def source_usage_error(args: argparse.Namespace) -> str | None:
    """The first --theme, --templates or --style that does not exist, as a usage error."""
    if args.theme is not None and find_theme(args.theme) is None:
        known = ", ".join(sorted(installed_themes())) or "none"
        return f"--theme {args.theme}: neither a folder nor an installed theme (installed: {known})"
    for path in args.templates:
        if not path.is_dir():
            return f"--templates {path}: not a folder"
    for path in args.style:
        if not path.is_file():
            return f"--style {path}: no such file"
    return None


def options_from(args: argparse.Namespace, content: Path, limits: Limits, out: Path = Options.out,
                 keep_intermediate: bool = False, email: bool = False, docx: bool = False,
                 print_ready: bool = False) -> Options:
    """The build options the arguments ask for, for the brief in ``content``.

    ``limits`` comes from ``read_limits``, which may refuse the environment's values."""
    theme = find_theme(args.theme) if args.theme is not None else None
    variant = None if args.pdf_variant == "none" else args.pdf_variant
    if print_ready and not (variant or "").startswith("pdf/x"):
        variant = "pdf/x-4"  # what printers' preflight expects for a PDF with transparency and ICC colour
    return Options(content=content, templates=tuple(args.templates), styles=tuple(args.style), theme=theme,
                   cache=None if args.no_cache else Options.cache, plans=None if args.no_cache else Options.plans,
                   limits=limits, paper=args.paper,
                   pdf_variant=variant, out=out,
                   keep_intermediate=keep_intermediate, email=email, docx=docx, print_ready=print_ready,
                   language=getattr(args, "language", None))


def read_limits(args: argparse.Namespace) -> Limits:
    """The limits asked for, else those of the environment; ValueError names a bad environment value."""
    defaults = Limits.from_env()
    return Limits(args.time_limit if args.time_limit is not None else defaults.seconds,
                  args.memory_limit if args.memory_limit is not None else defaults.memory_mib)


def _one_of(what: str, allowed: Sequence[str]) -> Callable[[str], str]:
    """An argument that must be one of ``allowed``; the message is ours, not argparse's (whose wording
    changes from one Python to the next)."""
    def checked(text: str) -> str:
        if text not in allowed:
            raise argparse.ArgumentTypeError(f"unknown {what} '{text}'; expected one of: {', '.join(allowed)}")
        return text

    checked.__name__ = what
    return checked


def _limit(parse: Callable[[str], float]) -> Callable[[str], float]:
    def checked(text: str) -> float:
        try:
            return parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    checked.__name__ = "limit"
    return checked
