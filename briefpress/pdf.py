"""Print stage: HTML and stylesheets to PDF with WeasyPrint, sandboxed and strict.

Every warning WeasyPrint logs (an ignored CSS declaration, a missing anchor, an image it could not
load) fails the build: a brief with a silent hole in it is worse than no brief.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import Location, Problem, RenderError
from .fetch import SandboxedFetcher
from .render import InlineCSS, Stylesheet, css_text


@dataclass(frozen=True)
class PrintedPDF:
    data: bytes
    pages: int


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


def _stylesheets(paths: Sequence[Stylesheet], fetcher: SandboxedFetcher, font_config,
                 problems: list[Problem]) -> list:
    from weasyprint import CSS

    sheets = []
    for path in paths:
        where, base = (Location(path.name), path.base) if isinstance(path, InlineCSS) else (Location.of(path), path.parent)
        with captured_warnings() as messages:
            sheets.append(CSS(string=css_text(path), base_url=base.resolve().as_uri() + "/",
                              url_fetcher=fetcher, font_config=font_config))
        problems.extend(Problem(where, _css_message(m)) for m in messages)
    return sheets


def _css_message(message: str) -> str:
    # WeasyPrint says "Ignored `x` at 12:3, reason." without the file; the location gets the file.
    return message


def write_pdf(html: str, stylesheets: Sequence[Stylesheet], roots: Sequence[Path], base_url: Path,
              document_location: Location, identifier: str = "") -> PrintedPDF:
    """Lay out ``html`` with ``stylesheets`` and return the PDF; any problem raises RenderError."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = SandboxedFetcher(roots)
    font_config = FontConfiguration()
    problems: list[Problem] = []
    sheets = _stylesheets(stylesheets, fetcher, font_config, problems)
    with captured_warnings() as messages:
        document = HTML(string=html, base_url=base_url.resolve().as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=font_config)
        data = document.write_pdf(pdf_identifier=hashlib.md5(identifier.encode()).hexdigest().encode())
    problems.extend(Problem(document_location, f"fetch refused: {reason}") for _, reason in fetcher.refused)
    refused = {url for url, _ in fetcher.refused}
    problems.extend(Problem(document_location, message) for message in messages
                    if not any(url in message for url in refused))
    if problems:
        raise RenderError(problems)
    return PrintedPDF(data, len(document.pages))
