"""The whole build in order: validate, chart, render, print, publish.

All content is checked before anything renders, and nothing is written until every output exists.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .charts import TIMELINE, ChartRenderer, render_charts
from .chartstyle import chart_config
from . import brand
from . import manifest
from .errors import BriefError, Location, RenderError, display_path
from .glyphs import Coverage
from .limits import Limits
from .model import Brief
from .output import publish
from .plans import read_plan, write_plan
from .pdf import DEFAULT_VARIANT, FileAttachment, PrintJob
from .resources import check_references
from .tables import table_csv
from .render import PROJECT, STYLES, TEMPLATES, InlineCSS, Theme, render_html
from .stylesheets import printable_css
from .validate import validate
from .worker import PrintWorker

if TYPE_CHECKING:
    from .pdf import PrintedPDF

CACHE = PROJECT / ".cache"
# PDF/A-1 forbids embedded files, PDF/A-2 allows only PDF/A ones, PDF/X none.
NO_ATTACHMENTS = ("pdf/a-1", "pdf/a-2", "pdf/x")
# Decompressed copies of the WOFF2 fonts (see stylesheets.py), shared by every brief.
FONT_CACHE: Path | None = CACHE / "fonts"


@dataclass(frozen=True)
class Output:
    path: Path
    size: int
    pages: int | None
    variant: str | None = None


@dataclass
class BuildResult:
    brief: Brief
    outputs: list[Output] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    charts_rendered: int = 0
    charts_from_cache: int = 0
    served: tuple[Path, ...] = ()  # the files the printer read
    printer: dict[str, float] = field(default_factory=dict)  # the printer's steps (layout, checks, PDF write)


@dataclass(frozen=True)
class Options:
    content: Path = PROJECT / "content"
    out: Path = PROJECT / "dist"
    templates: Sequence[Path] = ()
    styles: Sequence[Path] = ()
    cache: Path | None = CACHE / "charts"
    plans: Path | None = CACHE / "layout"  # layout plans (see ``plans``); None: lay out from scratch
    pdf_variant: str | None = DEFAULT_VARIANT
    paper: str | None = None  # "a4" or "letter"; None keeps the brief's own `paper`
    limits: Limits = field(default_factory=Limits.from_env)
    keep_intermediate: bool = False


class _Clock:
    def __init__(self, timings: dict[str, float], report: Callable[[str, float], None] | None) -> None:
        self.timings, self.report, self.last = timings, report, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self.last
        self.last = now
        if self.report:
            self.report(stage, self.timings[stage])


def theme_for(options: Options, brief: Brief | None = None) -> Theme:
    """The theme for a build: --templates, then the brief's templates/, then the built-in ones;
    styles: the built-in ones with the brief's brand tokens, the brief's styles/*.css, then --style."""
    brief_templates = options.content / "templates"
    dirs = [*options.templates, *([brief_templates] if brief_templates.is_dir() else [])]
    brief_styles = sorted((options.content / "styles").glob("*.css"))
    css = brand.stylesheet(brief.brand) if brief is not None else ""
    brand_css = InlineCSS(f"{display_path(options.content / 'brief.yaml')} (brand)", css, options.content) if css else None
    return Theme(template_dirs=tuple(dirs), extra_css=(*brief_styles, *options.styles), brand_css=brand_css)


def chart_theme(theme: Theme) -> dict:
    """The charts' Vega-Lite configuration, its colours and fonts taken from the design tokens."""
    return chart_config(theme.styles_dir / "charts.json", theme.stylesheets("print"))


def build_time(published: dt.date) -> dt.datetime:
    """When the outputs say they were made: ``SOURCE_DATE_EPOCH`` if set, else the brief's date.

    Never the clock, so that the same sources always give the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or not epoch.strip():
        return dt.datetime.combine(published, dt.time(), dt.timezone.utc)
    if not epoch.strip().isdigit():
        raise BriefError.at(Location("SOURCE_DATE_EPOCH"),
                            f"expected a whole number of seconds since 1970-01-01, got '{epoch}'")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)


def data_files(brief: Brief) -> dict[str, bytes]:
    """Every table's rows as CSV, by table id: shipped beside the web edition and inside the PDF."""
    return {key: table_csv(table) for key, table in brief.tables.items()}


def pdf_attachments(brief: Brief, data: dict[str, bytes], variant: str | None) -> list[FileAttachment]:
    """The CSV files the PDF carries, unless its variant forbids embedded data files."""
    if variant and variant.startswith(NO_ATTACHMENTS):
        return []
    return [FileAttachment(f"{key}.csv", csv, f"Table {brief.tables[key].number}. {brief.tables[key].spec.caption}")
            for key, csv in data.items()]


def data_links(slug: str, data: dict[str, bytes]) -> dict[str, str]:
    """Each table's CSV file as the web edition links it, relative to the HTML file."""
    return {key: f"{slug}-data/{key}.csv" for key in data}


def attached_names(attachments: Sequence[FileAttachment]) -> dict[str, str]:
    return {attachment.name.removesuffix(".csv"): attachment.name for attachment in attachments}


def printer_roots(options: Options) -> tuple[Path, ...]:
    """All the printer may read: the brief's folder and the project's templates/ and styles/."""
    return (options.content, TEMPLATES, STYLES)


def with_paper(brief: Brief, paper: str | None) -> Brief:
    """The brief printed on ``paper`` instead of the size its metadata names."""
    if paper is None or paper == brief.meta.paper:
        return brief
    return dataclasses.replace(brief, meta=brief.meta.model_copy(update={"paper": paper}))


def pdf_metadata(brief: Brief) -> dict[str, str]:
    """Document information entries beside title and dates, matching what the pages print."""
    return {"Status": brief.meta.status, "Version": brief.meta.version}


def check(options: Options) -> Brief:
    """Validate the content, render its HTML and check what the printer would read; writes nothing."""
    brief = validate(options.content)
    theme = theme_for(options, brief)
    placeholders = {key: "<svg xmlns='http://www.w3.org/2000/svg'/>" for key in [*brief.figures, TIMELINE]}
    data = data_files(brief)
    render_html(brief, "web", placeholders, theme, data_links(brief.meta.slug, data))
    print_html = render_html(brief, "print", placeholders, theme,
                             attached_names(pdf_attachments(brief, data, options.pdf_variant)))
    job = PrintJob(print_html, tuple(theme.stylesheets("print")),
                   printer_roots(options), options.content, Location.of(options.content / "brief.yaml"),
                   template_dirs=(*theme.template_dirs, TEMPLATES))
    if (problems := check_references(job)):
        raise RenderError(problems)
    return brief


def print_job(options: Options, brief: Brief, theme: Theme, html: str,
              attachments: Sequence[FileAttachment] = (), keep_html: bool = False) -> PrintJob:
    """What the printer needs for the print HTML; it reads files only inside the brief, templates and styles.

    The previous build's layout plan and the fonts' character maps are read here, while the printer
    may still be starting, rather than on its critical path.
    """
    stylesheets = tuple(theme.stylesheets("print"))
    return PrintJob(html, stylesheets, printer_roots(options), options.content,
                    Location.of(options.content / "brief.yaml"), brief.meta.slug + brief.meta.version,
                    options.pdf_variant, tuple(attachments), build_time(brief.meta.date),
                    (*theme.template_dirs, TEMPLATES), options.content, tuple(pdf_metadata(brief).items()),
                    font_cache=FONT_CACHE, keep_html=keep_html, plan=read_plan(options.plans, brief.meta.slug),
                    coverage=Coverage(stylesheets, FONT_CACHE))


def print_pdf(options: Options, brief: Brief, theme: Theme, html: str,
              attachments: Sequence[FileAttachment] = (), worker: PrintWorker | None = None) -> PrintedPDF:
    """Lay out the print HTML, with ``worker`` (a printer kept warm by the caller) or a fresh printer."""
    job = print_job(options, brief, theme, html, attachments)
    if (problems := check_references(job)):
        raise RenderError(problems)
    if worker is None:
        from .worker import print_in_child

        printed = print_in_child(job, options.limits)
    else:
        printed = worker.print(job)
    write_plan(options.plans, brief.meta.slug, printed.plan)
    return printed


def intermediate_html(print_html: str, theme: Theme) -> bytes:
    """The print HTML as laid out, stylesheets inlined, so the ``weasyprint`` command prints the same pages."""
    styles = "".join(f"<style>\n{printable_css(sheet, FONT_CACHE)}</style>\n" for sheet in theme.stylesheets("print"))
    # The printer is given these as user stylesheets, below every style of the document itself; inlined
    # first in the head, they stay below the document's own styles.
    head = re.search(r"<head[^>]*>", print_html)
    at = head.end() if head else 0
    return (print_html[:at] + "\n" + styles + print_html[at:]).encode("utf-8")


def build(options: Options, report: Callable[[str, float], None] | None = None,
          worker: PrintWorker | None = None) -> BuildResult:
    """Build the PDF and the web edition of the brief in ``options.content`` into ``options.out``.

    A long-lived caller passes its ``worker`` so the printer's fonts and stylesheets are reused;
    without one, a printer is started first, to load WeasyPrint while the content is validated.
    """
    own_worker = worker is None
    worker = worker or PrintWorker(options.limits)
    try:
        # The brand's tokens are known only once the brief is read; the printer loads them with the job.
        worker.prepare(theme_for(options).stylesheets("print"), printer_roots(options), FONT_CACHE)
        return _build(options, worker, _Clock({}, report))
    finally:
        if own_worker:
            worker.close()


def _build(options: Options, worker: PrintWorker, clock: _Clock) -> BuildResult:
    brief = with_paper(validate(options.content), options.paper)
    built = build_time(brief.meta.date)
    clock.lap("load and validate")
    theme = theme_for(options, brief)
    charts = ChartRenderer(theme.styles_dir / "fonts", options.cache)
    figures = render_charts(brief, chart_theme(theme), charts)
    clock.lap("charts")
    slug = brief.meta.slug
    data = data_files(brief)
    attachments = pdf_attachments(brief, data, options.pdf_variant)
    print_html = render_html(brief, "print", figures, theme, attached_names(attachments))
    clock.lap("templates")
    job = print_job(options, brief, theme, print_html, attachments, keep_html=options.keep_intermediate)
    if (problems := check_references(job)):
        raise RenderError(problems)
    worker.submit(job)
    # The web edition is rendered while the printer lays out the print edition.
    web_html = render_html(brief, "web", figures, theme, data_links(slug, data))
    clock.lap("web edition")
    printed = worker.result()
    clock.lap("layout and PDF")
    files = {f"{slug}.pdf": printed.data, f"{slug}.html": web_html.encode("utf-8"),
             **{f"{slug}-data/{key}.csv": csv for key, csv in data.items()}}
    entries = [manifest.Entry.of(f"{slug}.pdf", printed.data, printed.pages, printed.variant),
               manifest.Entry.of(f"{slug}.html", files[f"{slug}.html"]),
               *(manifest.Entry.of(name, files[name]) for name in files if name.endswith(".csv"))]
    copies = manifest.carried_copies(manifest.read(options.out), options.out, files)
    listing = manifest.Manifest(manifest.brief_facts(brief.meta), manifest.build_time_text(built), entries + copies)
    files[manifest.NAME] = listing.to_bytes()
    if options.keep_intermediate:
        files[f"{slug}.print.html"] = intermediate_html(printed.html or print_html, theme)
    publish(options.out, files)
    write_plan(options.plans, slug, printed.plan)
    clock.lap("publish")
    result = BuildResult(brief, timings=clock.timings, charts_rendered=charts.rendered,
                         charts_from_cache=charts.from_cache, served=printed.served, printer=printed.timings)
    result.outputs = [Output(options.out / entry.path, entry.size, entry.pages, entry.variant) for entry in entries]
    result.outputs.append(Output(options.out / manifest.NAME, len(files[manifest.NAME]), None))
    return result


def refresh_html(options: Options, report: Callable[[str, float], None] | None = None) -> BuildResult:
    """Validate and write only the web edition and its data files: the quick preview after an edit."""
    clock = _Clock({}, report)
    brief = with_paper(validate(options.content), options.paper)
    clock.lap("load and validate")
    theme = theme_for(options, brief)
    figures = render_charts(brief, chart_theme(theme), ChartRenderer(theme.styles_dir / "fonts", options.cache))
    clock.lap("charts")
    slug, data = brief.meta.slug, data_files(brief)
    web_html = render_html(brief, "web", figures, theme, data_links(slug, data)).encode("utf-8")
    clock.lap("web edition")
    publish(options.out, {f"{slug}.html": web_html, **{f"{slug}-data/{key}.csv": csv for key, csv in data.items()}})
    clock.lap("publish")
    return BuildResult(brief, [Output(options.out / f"{slug}.html", len(web_html), None)], clock.timings)
