#!/usr/bin/env python3
"""Build the brief: ``python3 build.py [build|check] [--content DIR] [--out DIR]``.

A thin entry point; the pipeline lives in the ``briefpress`` package.
"""
import os
import sys

from briefpress.bootstrap import ensure_environment

if __name__ == "__main__":
    ensure_environment(sys.argv)
    from briefpress.cli import main

    status = main()
    # Every output is written and synced by now; tearing down the interpreter's objects one by one
    # would only add time, so leave at once.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
