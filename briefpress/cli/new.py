"""``new DIR``: start a brief that validates and builds at once (see authoring.scaffold)."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..authoring.scaffold import create
from ..errors import display_path
from ..support.themes import SEARCH_PATH, installed_themes
from .console import Console


def add_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("folder", type=Path, metavar="DIR", help="the new content folder (must not exist, or be empty)")
    parser.add_argument("--title", default="A New Brief", help="the brief's title (also gives its file names)")
    parser.add_argument("--organization", default="Your organization", help="the publishing organization")
    parser.add_argument("--author", default="Author name", help="the author's name")
    parser.add_argument("--theme", metavar="NAME", help="an installed house theme the brief is written in")


def run(command: str, argv: list[str], console: Console, parser: argparse.ArgumentParser) -> int:
    args = console.parse(parser, argv)
    if isinstance(args, int):
        return args
    if not args.title.strip():
        return console.usage("--title must not be empty", command)
    if args.theme is not None and args.theme not in (themes := installed_themes()):
        return console.usage(f"--theme {args.theme}: not an installed theme (installed: "
                             f"{', '.join(sorted(themes)) or f'none; see ${SEARCH_PATH}'})", command)
    try:
        written = create(args.folder, args.title.strip(), args.organization.strip(), args.author.strip(),
                         theme=args.theme)
    except OSError as error:  # FileExistsError among them: the folder holds files already
        console.problem(str(error))
        return 1
    where = display_path(args.folder)
    console.say(f"created {where} ({len(written)} files)")
    console.say(f"  build it:    {console.prog_command} --content {where}")
    console.say(f"  preview it:  {console.prog_command} watch --content {where}")
    return 0
