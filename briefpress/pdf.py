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
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Location, Problem, RenderError
from .limits import Limits
from .printer import Printer, captured_warnings
from .plans import LayoutPlan, digests, fingerprint
from .stylesheets import Stylesheet

if TYPE_CHECKING:  # these load WeasyPrint, which only the printer process needs
    from .fetch import SandboxedFetcher
    from .glyphs import Coverage


DEFAULT_VARIANT = "pdf/ua-1"
# Raster images: PNG recompressed losslessly, JPEG at a quality that shows no loss in print, and
# nothing kept above 300 dpi at its printed size (more only makes the file bigger).
IMAGE_OPTIONS = {"optimize_images": True, "jpeg_quality": 90, "dpi": 300}


# WeasyPrint's PDF variants, listed here so that reading the command line does not import WeasyPrint
# (a test checks the list against weasyprint.pdf.VARIANTS).
VARIANTS = ("pdf/a-1a", "pdf/a-1b", "pdf/a-2a", "pdf/a-2b", "pdf/a-2u", "pdf/a-3a", "pdf/a-3b", "pdf/a-3u",
            "pdf/a-4e", "pdf/a-4f", "pdf/a-4u", "pdf/ua-1", "pdf/ua-2", "pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/x-5g")


def variants() -> list[str]:
    """The PDF variants WeasyPrint can write (PDF/A, PDF/UA, PDF/X), sorted."""
    return sorted(VARIANTS)


@dataclass(frozen=True)
class PrintedPDF:
    data: bytes
    pages: int
    variant: str | None = None
    served: tuple[Path, ...] = ()  # every file the printer read, for tracing
    html: str | None = None  # the HTML as finally laid out, when the job asked to keep it
    plan: LayoutPlan | None = None  # for the next build of the brief (see ``plans``)
    timings: dict[str, float] = field(default_factory=dict)  # the printer's steps: layout, checks, PDF write


@dataclass(frozen=True)
class FileAttachment:
    """A file embedded in the PDF, with its relationship to the document (PDF/A-3 AFRelationship)."""

    name: str
    data: bytes
    description: str = ""
    relationship: str = "Data"

    def weasyprint(self, date: dt.datetime | None):
        from weasyprint import Attachment

        # WeasyPrint stamps attachments with the clock unless told otherwise.
        when = date or dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
        return Attachment(string=self.data, name=self.name, description=self.description or None,
                          created=when, modified=when, relationship=self.relationship)





@dataclass(frozen=True)
class PrintJob:
    """Everything one print needs, as plain data that can cross to the printer process."""

    html: str
    stylesheets: tuple[Stylesheet, ...]
    roots: tuple[Path, ...]
    base_url: Path
    document_location: Location
    identifier: str = ""
    variant: str | None = DEFAULT_VARIANT
    attachments: tuple[FileAttachment, ...] = ()
    date: dt.datetime | None = None
    template_dirs: tuple[Path, ...] = ()
    sources: Path | None = None  # the content folder, searched to locate a character no font has
    metadata: tuple[tuple[str, str], ...] = ()  # extra document information entries
    font_cache: Path | None = None  # where WOFF2 fonts are kept decompressed (see stylesheets)
    keep_html: bool = False  # return the HTML of the last layout pass (tables cut) with the PDF
    plan: LayoutPlan | None = None  # the previous build's layout plan, used if made from the same inputs
    coverage: Coverage | None = None  # what the stylesheets' fonts can draw, if the caller knows it already


def write_pdf(html: str, stylesheets: Sequence[Stylesheet], roots: Sequence[Path], base_url: Path,
              document_location: Location, identifier: str = "", variant: str | None = DEFAULT_VARIANT,
              attachments: Sequence[FileAttachment] = (), date: dt.datetime | None = None,
              template_dirs: Sequence[Path] = (), limits: Limits | None = None, sources: Path | None = None,
              metadata: Mapping[str, str] | None = None) -> PrintedPDF:
    """Lay out ``html`` with ``stylesheets`` and return the PDF; any problem raises RenderError.

    ``variant`` is one of WeasyPrint's PDF variants (``VARIANTS``) or None for a plain PDF;
    ``date`` becomes the modification date of the PDF and of its attachments: the clock is never
    read, so two builds of the same brief are byte-identical. The printer may read only below
    ``roots``; refused references are reported in the stylesheet or template (``template_dirs``)
    that makes them. Printing runs in a child process under ``limits`` (default: from the environment).
    ``sources`` is the content folder, where a character no bundled font has is looked for;
    ``metadata`` adds entries to the PDF's document information (such as Status and Version).
    """
    from .resources import check_references  # the sandbox's rules: not needed to start a printer
    from .worker import print_in_child

    job = PrintJob(html, tuple(stylesheets), tuple(roots), base_url, document_location, identifier, variant,
                   tuple(attachments), date, tuple(template_dirs), sources, tuple((metadata or {}).items()))
    problems = check_references(job)
    if problems:
        raise RenderError(problems)
    return print_in_child(job, limits or Limits.from_env())


def warm_up() -> None:
    """Load WeasyPrint and its native libraries, so a memory cap set afterwards bounds only layout."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    # A one-line document starts the threads and caches Pango keeps for the process's lifetime.
    HTML(string="<p>warm</p>").write_pdf(font_config=FontConfiguration())


@dataclass
class Layout:
    """A laid-out brief: WeasyPrint's ``Document`` (pages, box trees, anchors), what the printer
    read, and every problem found (warnings, refused fetches, layout defects, missing glyphs)."""

    document: Any
    problems: list[Problem]
    served: tuple[Path, ...] = ()
    plan: LayoutPlan | None = None  # how long tables were cut and lines nudged, for the next build
    timings: dict[str, float] = field(default_factory=dict)  # seconds, by step


def _layout_passes(job: PrintJob, fetcher: SandboxedFetcher, sheets: list, font_config, inputs: str):
    """The document laid out as it will print, with the cuts and nudges that made it."""
    from weasyprint import HTML

    from . import paginate

    plan = job.plan if job.plan is not None and job.plan.holds(inputs, job.roots) else None
    return paginate.settled_layout(
        lambda: HTML(string=job.html, base_url=job.base_url.resolve().as_uri() + "/", url_fetcher=fetcher),
        lambda parsed: parsed.render(stylesheets=sheets, font_config=font_config, **IMAGE_OPTIONS), plan)


def weasyprint_version() -> str:
    from weasyprint import __version__

    return __version__


def _glyph_problems(job: PrintJob, document) -> list[Problem]:
    from . import glyphs, layout

    coverage = job.coverage or glyphs.Coverage(job.stylesheets, job.font_cache)
    if not coverage.faces:  # stylesheets that bundle no font at all leave fonts to the machine
        return []
    return [Problem(glyphs.find_in_sources(char, job.sources) or job.document_location, message)
            for char, message in glyphs.missing_glyph_messages(layout.texts(document), coverage).items()]


def render_document(job: PrintJob, font_config=None, printer: Printer | None = None) -> Layout:
    """Lay out ``job`` into pages in this process and check them (see ``briefpress.layout``).

    A ``printer`` kept by the caller lends its fonts and stylesheets already loaded.
    """
    from . import layout
    from .fetch import SandboxedFetcher

    printer = printer or Printer(font_config)
    loaded = printer.stylesheets(job.stylesheets, job.roots, job.font_cache)
    problems = [problem for sheet in loaded for problem in sheet.problems]
    fetcher = SandboxedFetcher(job.roots, font_cache=job.font_cache)
    started = time.perf_counter()
    with captured_warnings() as messages:
        inputs = fingerprint(job.html, [sheet.text for sheet in loaded], f"WeasyPrint {weasyprint_version()}")
        document, cuts, nudged, passes = _layout_passes(job, fetcher, [sheet.css for sheet in loaded],
                                                        printer.font_config, inputs)
    laid_out = time.perf_counter()
    where = job.document_location
    problems.extend(Problem(where, f"fetch refused: {reason}") for _, reason in fetcher.refused)
    refused = {url for url, _ in fetcher.refused}
    problems.extend(Problem(where, message) for message in messages if not any(url in message for url in refused))
    problems.extend(_glyph_problems(job, document))
    problems.extend(Problem(where, message) for message in layout.check(document))
    served = tuple(dict.fromkeys([path for sheet in loaded for path in sheet.served] + fetcher.served))
    timings = {f"layout ({passes} pass{'es' if passes > 1 else ''})": laid_out - started,
               "checks": time.perf_counter() - laid_out}
    return Layout(document, problems, served, LayoutPlan(inputs, cuts, nudged, digests(served)), timings)


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

    global _printer
    _printer = _printer or Printer()
    laid_out = render_document(job, printer=_printer)
    if laid_out.problems:
        raise RenderError(laid_out.problems)
    document, served, laid_out_plan = laid_out.document, laid_out.served, laid_out.plan
    html = _serialize(document) if job.keep_html else None
    document.metadata.custom = dict(job.metadata)
    if job.date is not None:
        document.metadata.modified = job.date.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    started = time.perf_counter()
    with captured_warnings() as messages:
        data = document.write_pdf(pdf_identifier=hashlib.md5(job.identifier.encode()).hexdigest().encode(),
                                  pdf_variant=job.variant, pdf_tags=True, custom_metadata=bool(job.metadata),
                                  attachments=[a.weasyprint(job.date) for a in job.attachments] or None,
                                  finisher=finisher(job.variant, job.identifier))
    timings = {**laid_out.timings, "PDF write": time.perf_counter() - started}
    pages = len(document.pages)
    del document, laid_out  # most of the memory: never carry a laid-out brief into the next job
    if messages:
        raise RenderError([Problem(job.document_location, message) for message in messages])
    return PrintedPDF(data, pages, job.variant, served, html, laid_out_plan, timings)


def _serialize(document) -> str:
    """The document's HTML as it was last laid out (long tables cut, lines nudged)."""
    from xml.etree import ElementTree

    root = next(box.element for box in document.pages[0]._page_box.children
                if box.element is not None and box.element.tag == "html")
    return "<!DOCTYPE html>\n" + ElementTree.tostring(root, encoding="unicode", method="html")
