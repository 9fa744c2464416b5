"""Print stage: HTML and stylesheets to PDF with WeasyPrint, sandboxed, strict and bounded.

Every reference the printer would follow is checked first and reported where it is written. The
printing itself runs in a child process under time and memory limits (see ``limits`` and ``worker``), and every
warning WeasyPrint logs (an ignored CSS declaration, a missing anchor, an image it could not load)
fails the build: a brief with a silent hole in it is worse than no brief. A printer process keeps
its fonts and parsed stylesheets from one job to the next (``printer.Printer``), so only its first job pays
for them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content.reader import find_written
from ..errors import Location, Problem, RenderError
from ..render.stylesheets import Stylesheet
from .job import PrintedPDF, PrintJob, engine_variant
from .loaded import Printer, captured_warnings
from .plans import LayoutPlan, digests, fingerprint

if TYPE_CHECKING:  # these load WeasyPrint, which only the printer process needs
    from .fetcher import SandboxedFetcher


# Raster images: PNG recompressed losslessly, JPEG at a quality that shows no loss in print, and
# nothing kept above 300 dpi at its printed size (more only makes the file bigger).
IMAGE_OPTIONS = {"optimize_images": True, "jpeg_quality": 90, "dpi": 300}


def warm_up() -> None:
    """Load WeasyPrint and its native libraries, so a memory cap set afterwards bounds only layout."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    # A line of SVG text starts the threads and caches Pango keeps for the process's lifetime. Not an HTML
    # paragraph, and the picture a block (no line around it): CPython shares one table of attribute names
    # among the instances of a class only while they set their attributes as the first ones did, and a
    # brief's lines and texts set theirs unlike a one-line paragraph's, so after such a warm-up each of
    # them had a table of its own (about 750 bytes a box: 5% of a long brief's memory).
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" style="display: block" width="40" height="10">'
           '<text y="8">warm</text></svg>')
    HTML(string=svg).write_pdf(font_config=FontConfiguration())


@dataclass
class Layout:
    """A laid-out brief: WeasyPrint's ``Document`` (pages, box trees, anchors), what the printer
    read, and every problem found (warnings, refused fetches, layout defects, missing glyphs)."""

    document: Any
    problems: list[Problem]
    served: tuple[Path, ...] = ()
    plan: LayoutPlan | None = None  # how long tables were cut and lines nudged, for the next build
    timings: dict[str, float] = field(default_factory=dict)  # seconds, by step
    warnings: list[Problem] = field(default_factory=list)  # what a reader would notice, short of a defect


def _layout_passes(job: PrintJob, fetcher: SandboxedFetcher, sheets: list, printer: Printer, inputs: str,
                   styles: str, profiles: dict | None = None) -> Any:
    """The document laid out as it will print, with the cuts and nudges that made it."""
    from weasyprint import HTML

    from . import paginate

    plan = job.plan if job.plan is not None and job.plan.holds(inputs, job.roots) else None
    # Other HTML with the same styles: the long tables of unchanged parts keep their cuts (pageparts), and
    # what the last layout found is tried first.
    previous = job.plan if job.plan is not None and plan is None and job.plan.same_styles(styles, job.roots) else None
    base_url = job.base_url.resolve().as_uri() + "/"
    # The printer keeps this brief's parts as laid out, for its next job with the same styles.
    brief = f"{job.identifier}\0{base_url}"
    printer.parts.pages_from(brief, styles, job.plan.pages if job.plan is not None and job.plan.styles == styles else {})
    return paginate.settled_layout(
        lambda: HTML(string=job.html, base_url=base_url, url_fetcher=fetcher),
        lambda parsed: printer.parts.render(parsed, brief, styles, sheets, printer.font_config, dict(profiles or {}),
                                            IMAGE_OPTIONS), plan, previous,
        previous.nudged if previous is not None else frozenset())


_STYLING = re.compile(r"<html\b[^>]*>|<body\b[^>]*>|<style\b.*?</style>|<link\b[^>]*>|<base\b[^>]*>", re.S | re.I)


def _styling_head(html: str) -> str:
    """What lays out every part of the document alike besides the stylesheets: the <html> and <body>
    tags (language, direction, classes) and the head's own styles (the paper size is there); not its
    title and metadata, which no page shows."""
    body = html.find("<body")
    head = html[:html.find(">", body) + 1] if body >= 0 else html
    return "".join(_STYLING.findall(head))


def weasyprint_version() -> str:
    from weasyprint import __version__

    return __version__


def _glyph_problems(job: PrintJob, document) -> list[Problem]:
    from . import checks, glyphs

    coverage = job.coverage or glyphs.Coverage(job.stylesheets, job.font_cache)
    if not coverage.faces:  # stylesheets that bundle no font at all leave fonts to the machine
        return []
    return [Problem(find_written(char, job.sources) or job.document_location, message)
            for char, message in glyphs.missing_glyph_messages(checks.texts(document), coverage).items()]


_ANCHOR = re.compile(r"#([\w-]+)")


def _located(message: str, anchors: dict[str, tuple[Location, str]], fallback: Location) -> Problem:
    """A layout message in the file holding the part it names (found by its element's id, innermost
    first), with the part named as the brief names it ("figure 'plan'") rather than by its id."""
    for anchor in reversed(_ANCHOR.findall(message)):
        footnote = re.match(r"(?:ref-)?fn-(.+)-\d+$", anchor)  # a footnote's id carries its section's
        known = anchors.get(anchor) or (anchors.get(f"section-{footnote.group(1)}") if footnote else None)
        if known is not None:
            location, label = known
            return Problem(location, message.replace(f"#{anchor}", label) if anchor in anchors else message)
    return Problem(fallback, message)


def render_document(job: PrintJob, font_config=None, printer: Printer | None = None) -> Layout:
    """Lay out ``job`` into pages in this process and check them (see ``checks``).

    A ``printer`` kept by the caller lends its fonts and stylesheets already loaded.
    """
    from . import checks, economy
    from .fetcher import SandboxedFetcher

    printer = printer or Printer(font_config)
    loaded = printer.stylesheets(job.stylesheets, job.roots, job.font_cache)
    problems = [problem for sheet in loaded for problem in sheet.problems]
    fetcher = SandboxedFetcher(job.roots, font_cache=job.font_cache)
    printer.parts.begin_job()
    started = time.perf_counter()
    with captured_warnings() as messages:
        engine = f"WeasyPrint {weasyprint_version()}"
        inputs = fingerprint(job.html, [sheet.text for sheet in loaded], engine)
        styles = fingerprint(_styling_head(job.html), [sheet.text for sheet in loaded], engine)
        profiles = {name: profile for sheet in loaded for name, profile in sheet.profiles.items()}
        settled = _layout_passes(job, fetcher, [sheet.css for sheet in loaded], printer, inputs, styles, profiles)
        document, passes = settled.document, settled.passes
        printer.parts.finish(document)
    laid_out = time.perf_counter()
    where = job.document_location
    problems.extend(Problem(where, f"fetch refused: {reason}") for _, reason in fetcher.refused)
    refused = {url for url, _ in fetcher.refused}
    problems.extend(Problem(where, message) for message in messages if not any(url in message for url in refused))
    problems.extend(_glyph_problems(job, document))
    anchors = {anchor: (location, label) for anchor, location, label in job.anchors}
    problems.extend(_located(message, anchors, where) for message in checks.check(document))
    warnings = [_located(message, anchors, where) for message in economy.emptier_pages(document)]
    served = tuple(dict.fromkeys([path for sheet in loaded for path in sheet.served] + fetcher.served))
    timings = {f"layout ({passes} pass{'es' if passes > 1 else ''})": laid_out - started,
               **{f"  {step}": seconds for step, seconds in printer.parts.timings.items()},
               "checks": time.perf_counter() - laid_out}
    files = digests(served)
    printer.parts.files_read(files)
    plan = LayoutPlan(inputs, settled.cuts, settled.nudged, files, styles, settled.parts, printer.parts.anchor_pages(),
                      settled.places)
    return Layout(document, problems, served, plan, timings, warnings)


_printer: Printer | None = None


def prepare(sheets: Sequence[Stylesheet], roots: Sequence[Path], font_cache: Path | None) -> None:
    """Load ``sheets`` and their fonts now, for the jobs of this process that will use them."""
    global _printer
    _printer = _printer or Printer()
    _printer.stylesheets(sheets, roots, font_cache)


def print_pdf(job: PrintJob) -> PrintedPDF:
    """Print ``job`` in this process (the printer child calls this); problems raise RenderError.

    The fonts and stylesheets stay loaded for the process's next job.
    """
    from .finishing import finisher
    from .tagging import install_language_tags

    install_language_tags()
    global _printer
    _printer = _printer or Printer()
    laid_out = render_document(job, printer=_printer)
    if laid_out.problems:
        raise RenderError(laid_out.problems)
    document, served, laid_out_plan, warnings = laid_out.document, laid_out.served, laid_out.plan, laid_out.warnings
    html = _serialize(document) if job.keep_html else None
    document.metadata.custom = dict(job.metadata)
    if job.date is not None:
        document.metadata.modified = job.date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    started = time.perf_counter()
    with captured_warnings() as messages:
        data = document.write_pdf(pdf_identifier=hashlib.md5(job.identifier.encode()).hexdigest().encode(),
                                  pdf_variant=engine_variant(job.variant), pdf_tags=True, custom_metadata=bool(job.metadata),
                                  attachments=[a.weasyprint(job.date) for a in job.attachments] or None,
                                  finisher=finisher(job.variant, job.identifier))
    timings = {**laid_out.timings, "PDF write": time.perf_counter() - started}
    pages = len(document.pages)
    del document, laid_out  # most of the memory: never carry a laid-out brief into the next job
    if messages:
        raise RenderError([Problem(job.document_location, message) for message in messages])
    return PrintedPDF(data, pages, job.variant, served, html, laid_out_plan, timings, tuple(warnings))


def _serialize(document) -> str:
    """The document's HTML as it was last laid out (long tables cut, lines nudged)."""
    from xml.etree import ElementTree

    return "<!DOCTYPE html>\n" + ElementTree.tostring(document._html.etree_element, encoding="unicode", method="html")
