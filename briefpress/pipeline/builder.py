"""The printer's one owner: a ``Builder`` starts the printer process, runs the stages with it, and stops it.

Every command builds through a Builder: ``build`` and ``check`` for one run, ``watch`` and batches
for many, keeping the printer loaded between runs (WeasyPrint imported, fonts and stylesheets parsed;
a stylesheet edited since is parsed again), so a rebuild costs validation, templates and layout only.

    with Builder(Options(content=Path("content"))) as builder:
        builder.build()         # PDF, web edition, data files, manifest
        ...  # after each change
        builder.refresh_html()  # the web edition only, at once
        builder.build()         # then the PDF

This module imports only the printer's side of the pipeline, so the command line can start the
printer before the stages (templates, schema, charts) are imported.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Self

from ..printing.worker import PrintWorker
from .options import BUILD, CHECK, PREVIEW, WEB_ONLY, BuildResult, Options, Outputs

if TYPE_CHECKING:
    from ..content.model import Brief
    from .stages import Report, WebReady


class Builder:
    """Builds briefs as often as asked with one printer process, started on first need."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self._printer: PrintWorker | None = None

    def start(self) -> Self:
        """Start the printer now, so it loads WeasyPrint while the caller does other work."""
        if self._printer is None:
            self._printer = PrintWorker(self.options.limits)  # known before it starts: an interrupt stops it
            self._printer.start()
        return self

    def run(self, outputs: Outputs, report: Report | None = None, on_web: WebReady | None = None,
            options: Options | None = None) -> BuildResult:
        """Run the stages for ``outputs`` on ``options`` (default: this builder's own)."""
        from ..support.locations import FONT_CACHE
        from . import stages
        from .parts import printer_roots, theme_for

        options = options or self.options
        printer = None
        if outputs.pdf:
            printer = self.printer
            # The brand's tokens are known only once the brief is read; the printer gets them with the job.
            printer.prepare(theme_for(options).stylesheets("print"), printer_roots(options), FONT_CACHE)
        return stages.run(options, outputs, printer, report, on_web)

    def build(self, report: Report | None = None, options: Options | None = None) -> BuildResult:
        """Validate and write every output; raises BriefError, writing nothing, on problems."""
        return self.run(BUILD, report, options=options)

    def refresh_html(self, report: Report | None = None) -> BuildResult:
        """Validate and write only the web edition and its data files: the quick preview after an edit."""
        return self.run(WEB_ONLY, report)

    def preview(self, on_web: WebReady | None = None, report: Report | None = None) -> BuildResult:
        """Make both editions in memory (``BuildResult.files``), handing the web edition over first."""
        return self.run(PREVIEW, report, on_web)

    def check(self, options: Options | None = None) -> Brief:
        """Validate, render both editions and check what the printer would read; writes nothing."""
        return self.run(CHECK, options=options).brief

    @property
    def printer(self) -> PrintWorker:
        """The printer process, started if it is not running (its limits are this builder's)."""
        self.start()
        assert self._printer is not None
        return self._printer

    def close(self) -> None:
        """Stop the printer process."""
        printer, self._printer = self._printer, None
        if printer is not None:
            printer.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# The name this class had when it served only long-lived programs.
WarmBuilder = Builder


def build(options: Options, report: Report | None = None) -> BuildResult:
    """Build the PDF and the web edition of the brief in ``options.content`` into ``options.out``."""
    with Builder(options) as builder:
        return builder.build(report)


def check(options: Options) -> Brief:
    """Validate the content, render its HTML and check what the printer would read; writes nothing."""
    return Builder(options).check()


def refresh_html(options: Options, report: Report | None = None) -> BuildResult:
    """Validate and write only the web edition and its data files."""
    return Builder(options).refresh_html(report)

