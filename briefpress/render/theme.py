"""The theme: where templates and stylesheets come from, and in which order they cascade."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..support.locations import FONT_CACHE, STYLES, TEMPLATES
from .stylesheets import InlineCSS, Stylesheet

__all__ = ["FONT_CACHE", "STYLES", "STYLESHEETS", "TEMPLATES", "Edition", "Theme"]

Edition = Literal["print", "web"]
STYLESHEETS = {"print": ("tokens.css", "fonts.css", "brief.css", "print.css"),
               "web": ("tokens.css", "brief.css", "web.css")}


@dataclass(frozen=True)
class Theme:
    """Where templates and styles come from: overrides first, then the built-in theme.

    Stylesheets cascade in this order: the built-in tokens, the printed labels in the brief's language,
    the brand's tokens, the rest of the
    built-in styles, then ``extra_css`` (the brief's own styles/*.css, then --style files) last.
    """

    template_dirs: Sequence[Path] = ()
    extra_css: Sequence[Path] = ()
    styles_dir: Path = STYLES
    brand_css: InlineCSS | None = None
    labels_css: InlineCSS | None = None  # the words and digits print.css places, in the brief's language
    right_to_left: bool = False  # the brief's language is written right to left: print mirrors the page

    def stylesheets(self, edition: Edition) -> list[Stylesheet]:
        sheets: list[Stylesheet] = [self.styles_dir / name for name in STYLESHEETS[edition]]
        if self.brand_css is not None:
            sheets.insert(1, self.brand_css)
        if self.labels_css is not None and edition == "print":
            sheets.insert(1, self.labels_css)
        if self.right_to_left and edition == "print":
            own = self.styles_dir / "rtl.css"
            sheets.append(own if own.is_file() else STYLES / "rtl.css")
        return sheets + list(self.extra_css)

