"""The printer's loaded state: fonts and parsed stylesheets kept from one job to the next.

Parsing the stylesheets and loading their fonts is the same work for every brief printed with the
same theme; a ``Printer`` does it once and again only for a stylesheet whose text has changed. What
WeasyPrint logs while parsing is collected (``captured_warnings``) and reported where it was written.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Location, Problem
from ..render.stylesheets import InlineCSS, Stylesheet, css_text


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().strip().splitlines()[0])


@contextmanager
def captured_warnings() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs at WARNING or above while the block runs."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.setLevel(previous)
        logger.propagate = propagate


@dataclass
class _Sheet:
    text: str
    css: Any
    problems: list[Problem]
    served: list[Path]
    profiles: dict = field(default_factory=dict)  # its @color-profile rules (the print-ready output intent)


class Printer:
    """Fonts and parsed stylesheets, kept from one job to the next while their text is unchanged."""

    def __init__(self, font_config: Any = None) -> None:
        from .partlayout import PartPrinter

        self.font_config = font_config
        self._sheets: dict[Stylesheet, _Sheet] = {}
        self.parts = PartPrinter()  # each brief's laid-out parts, for its next layout

    def stylesheets(self, sheets: Sequence[Stylesheet], roots: Sequence[Path],
                    font_cache: Path | None) -> list[_Sheet]:
        """``sheets`` parsed, each from the previous job when its text is unchanged."""
        from weasyprint.text.fonts import FontConfiguration

        texts = {sheet: css_text(sheet) for sheet in sheets}
        if self.font_config is None or any("@font-face" in old.text and texts.get(sheet) != old.text
                                           for sheet, old in self._sheets.items()):
            # Faces of a changed @font-face would stay registered: start again with no fonts.
            self.font_config, self._sheets = FontConfiguration(), {}
            self.parts.forget()
        self._sheets = {sheet: old for sheet, old in self._sheets.items() if texts.get(sheet) == old.text}
        for sheet, text in texts.items():
            if sheet not in self._sheets:
                self._sheets[sheet] = self._parse(sheet, text, roots, font_cache)
        return [self._sheets[sheet] for sheet in sheets]

    def _parse(self, sheet: Stylesheet, text: str, roots: Sequence[Path], font_cache: Path | None) -> _Sheet:
        from weasyprint import CSS

        from .fetcher import SandboxedFetcher

        where, base = (Location(sheet.name), sheet.base) if isinstance(sheet, InlineCSS) else (
            Location.of(sheet), sheet.parent)
        fetcher = SandboxedFetcher(roots, font_cache=font_cache)
        profiles: dict = {}
        with captured_warnings() as messages:
            css = CSS(string=text, base_url=base.resolve().as_uri() + "/", url_fetcher=fetcher,
                      font_config=self.font_config, color_profiles=profiles)
        # Positions in a stylesheet the build generated mean nothing to its author.
        problems = [Problem(where, message) if isinstance(sheet, InlineCSS) else _css_problem(where, message)
                    for message in messages]
        problems += [Problem(where, f"fetch refused: {reason}") for _, reason in fetcher.refused]
        return _Sheet(text, css, problems, fetcher.served, profiles)


_CSS_POSITION = re.compile(r" at (\d+):(\d+)")


def _css_problem(where: Location, message: str) -> Problem:
    # WeasyPrint says "Ignored `x` at 12:3, reason." without the file; the location gets the file.
    match = _CSS_POSITION.search(message)
    if not match:
        return Problem(where, message)
    return Problem(Location(where.path, int(match.group(1)), int(match.group(2))),
                   message[:match.start()] + message[match.end():])
