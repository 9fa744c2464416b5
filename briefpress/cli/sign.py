"""``sign FILE.pdf --key KEY.pem --cert CERT.pem [--chain CA.pem ...]``: a signed original (see publish.sign)."""
from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from ..errors import BriefError
from .console import Console


def add_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("file", type=Path, metavar="FILE.pdf", help="the built PDF or a stamped copy (not changed)")
    parser.add_argument("--key", type=Path, required=True, metavar="KEY.pem", help="the signer's private key (PEM)")
    parser.add_argument("--cert", type=Path, required=True, metavar="CERT.pem", help="the signer's certificate (PEM)")
    parser.add_argument("--chain", type=Path, action="append", default=[], metavar="CA.pem",
                        help="an intermediate or root certificate to embed (repeat for each)")
    parser.add_argument("--passphrase-env", metavar="NAME",
                        help="the environment variable holding the key's passphrase (never on the command line)")


def run(command: str, argv: list[str], console: Console, parser: argparse.ArgumentParser) -> int:
    """0 written, 1 refused, 2 usage."""
    from ..publish.sign import sign

    args = console.parse(parser, argv)
    if isinstance(args, int):
        return args
    logging.getLogger("pypdf").setLevel(logging.ERROR + 1)
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # what fails is reported, located, below
    passphrase = None
    if args.passphrase_env:
        if args.passphrase_env not in os.environ:
            console.problem(f"--passphrase-env {args.passphrase_env}: no such environment variable")
            return 2
        passphrase = os.environ[args.passphrase_env].encode()
    try:
        target, signer = sign(args.file, args.key, args.cert, args.chain, passphrase)
    except BriefError as error:
        for problem in error.problems:
            console.problem(problem)
        return 1
    console.say(f"{target}  signed by {signer}")
    return 0
