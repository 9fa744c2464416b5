"""Rebuilding in a long-lived process: the printer stays loaded between builds.

``WarmBuilder(options).build()`` builds the brief; every later ``build()`` reuses the printer
process with WeasyPrint imported and its fonts and stylesheets parsed (a stylesheet edited since is
parsed again), so a rebuild costs validation, templates and layout only. ``refresh_html()`` writes
just the web edition, for a preview that follows each keystroke.

    with WarmBuilder(Options(content=Path("content"))) as builder:
        builder.build()
        ...  # after each change
        builder.refresh_html()  # at once
        builder.build()         # then the PDF
"""
from __future__ import annotations

from collections.abc import Callable

from .worker import PrintWorker
from .pipeline import FONT_CACHE, BuildResult, Options, build, printer_roots, refresh_html, theme_for

Report = Callable[[str, float], None]


class WarmBuilder:
    """Builds one brief as often as asked, keeping a printer process warm in between."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.worker = PrintWorker(options.limits)
        # Start loading WeasyPrint, fonts and stylesheets now, before the first build is asked for.
        self.worker.prepare(theme_for(options).stylesheets("print"), printer_roots(options), FONT_CACHE)

    def build(self, report: Report | None = None) -> BuildResult:
        """Validate and write the PDF and the web edition; raises BriefError, writing nothing, on problems."""
        return build(self.options, report, worker=self.worker)

    def refresh_html(self, report: Report | None = None) -> BuildResult:
        """Validate and write only the web edition."""
        return refresh_html(self.options, report)

    def close(self) -> None:
        """Stop the printer process."""
        self.worker.close()

    def __enter__(self) -> WarmBuilder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
