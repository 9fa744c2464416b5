"""How WeasyPrint's native libraries are found, quickly."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def libraries_by_soname() -> Iterator[None]:
    """While WeasyPrint loads its native libraries (on Linux): for each of the names it tries that the
    loader does not know, cffi asks ``ctypes.util.find_library``, which runs gcc and ld to look (a fifth
    of a second at every printer start); the sonames it tries next (``libpango-1.0.so.0``...) are the
    answers find_library would give, and the loader finds those itself."""
    import ctypes.util

    if not sys.platform.startswith("linux"):
        yield
        return
    find = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = find
