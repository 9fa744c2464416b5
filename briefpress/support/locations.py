"""Where the built-in theme and the caches are, in a checkout and in an installed package alike.

In a checkout the built-in ``templates/`` and ``styles/`` sit at the repository's top level, beside
the package; an installed wheel carries the same folders inside the package (see pyproject.toml).
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
_CHECKOUT = PACKAGE.parent


def _builtin(name: str) -> Path:
    shipped = PACKAGE / name
    return shipped if shipped.is_dir() else _CHECKOUT / name


TEMPLATES = _builtin("templates")
STYLES = _builtin("styles")


def _cache() -> Path:
    if (configured := os.environ.get("BRIEFPRESS_CACHE")):
        return Path(configured)
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "templates").is_dir():
        return _CHECKOUT / ".cache"  # a checkout keeps its caches beside it, ignored by git
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefpress"


CACHE = _cache()
# Decompressed copies of the WOFF2 fonts (see render.stylesheets), shared by every brief.
FONT_CACHE = CACHE / "fonts"
