#!/usr/bin/env python3
"""Build the brief: ``python3 build.py [build|check] [--content DIR] [--out DIR]``.

A thin entry point; the pipeline lives in the ``briefpress`` package.
"""
import sys

from briefpress.bootstrap import ensure_environment

if __name__ == "__main__":
    ensure_environment(sys.argv)
    from briefpress.cli import main

    sys.exit(main())
