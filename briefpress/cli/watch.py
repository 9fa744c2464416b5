"""``watch``: the live preview (see authoring.watch), built with the same options as ``build``."""
from __future__ import annotations

import argparse
import time

from ..errors import display_path
from .arguments import (
    add_source_arguments,
    options_from,
    read_limits,
    source_usage_error,
)
from .console import Console


def add_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    add_source_arguments(parser)
    parser.add_argument("--port", type=int, default=8000, metavar="N",
                        help="port on 127.0.0.1 (default: 8000; 0 picks one)")


def run(command: str, argv: list[str], console: Console, parser: argparse.ArgumentParser) -> int:
    from ..authoring.watch import Preview
    args = console.parse(parser, argv)
    if isinstance(args, int):
        return args
    usage = source_usage_error(args) or (None if args.content.is_dir() else f"--content {args.content}: not a folder")
    if usage or not 0 <= args.port <= 65535:
        return console.usage(usage or f"--port {args.port}: not a port number", command)
    try:
        options = options_from(args, args.content, read_limits(args))
    except ValueError as error:
        return console.usage(str(error), command)
    try:
        preview = Preview(options, args.port, stream=console.stdout)
    except OSError as error:
        console.problem(f"{console.prog} {command}: error: cannot listen on 127.0.0.1:{args.port}: {error.strerror}")
        return 1
    console.say(f"serving {preview.url} (the PDF at {preview.url}<slug>.pdf); watching "
                f"{display_path(args.content)}, templates and styles; Ctrl-C stops")
    preview.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        console.say("stopped")
    finally:
        preview.stop()
    return 0
