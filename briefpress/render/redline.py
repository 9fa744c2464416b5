"""The redline edition's HTML: ``templates/redline.html`` given the changes between two versions.

The web redline carries its styles inlined (the web edition's, then ``redline.css``); the print redline
leaves them to the printer, which is given ``redline_stylesheets``.
"""
from __future__ import annotations

from typing import Any

from ..support.locations import FONT_CACHE
from .changes import Changes
from .html import render_page
from .stylesheets import Stylesheet, inlined_css
from .theme import Edition, Theme
from .web import with_page_fonts

TEMPLATE = "redline.html"


def redline_stylesheets(theme: Theme, edition: Edition) -> list[Stylesheet]:
    """The edition's stylesheets with the redline's own after the built-in ones and before the brief's."""
    sheets = theme.stylesheets(edition)
    own = [theme.styles_dir / "redline.css", *([theme.styles_dir / "redline-print.css"] if edition == "print" else [])]
    at = len(sheets) - len(theme.extra_css)
    return [*sheets[:at], *own, *sheets[at:]]


def render_redline(changes: Changes, edition: Edition, theme: Theme | None = None,
                   versions: tuple[str, str] | None = None) -> str:
    """The redline of ``changes`` as one HTML document, in the newer version's language and theme.

    ``versions``: where the two versions' pages are (older, newer), when they are published (a series site)."""
    theme = theme or Theme()
    styles = [] if edition == "print" else [inlined_css(sheet) for sheet in redline_stylesheets(theme, edition)]
    values: dict[str, Any] = {"changes": changes, "edition": edition, "versions": versions}

    def page(sheets: list[str]) -> str:
        return render_page(changes.new, TEMPLATE, theme, styles=sheets, **values)

    if edition == "print":
        return page(styles)
    return with_page_fonts(page, styles, theme.styles_dir / "fonts.css", FONT_CACHE)
