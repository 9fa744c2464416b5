"""The build's stages, written once: load and validate, charts, templates, web edition, layout and
PDF, publish.

Every command runs ``run``: ``build`` asks for every output, ``check`` for none (it still renders both
editions and checks what the printer would read), the web-only refresh for the web edition, and the
live preview for both editions kept in memory. So an option such as ``--paper`` or the brief's own
templates cannot act differently from one command to another. All content is checked before anything
renders, and nothing is written until every output exists.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.datapackage import PACKAGE_FILE, data_package
from ..content.model import Brief
from ..content.reader import find_written
from ..content.translation import translations
from ..content.validate import validate
from ..errors import BriefError, ContentError, Location, Problem, RenderError
from ..printing.job import PrintedPDF, PrintJob
from ..printing.plans import write_plan
from ..printing.references import check_references
from ..publish import manifest
from ..publish.docx import word_edition
from ..publish.email import brand_colours, email_html, email_message
from ..publish.output import publish
from ..publish.social import social_image
from ..render.charts import TIMELINE, ChartRenderer, print_key, render_charts
from ..render.citefiles import citation_files
from ..render.citeproc import Citations, format_citations
from ..render.cmyk import cmyk_colours
from ..render.findable import social_image_name
from ..render.html import render_html
from ..render.leftovers import leftover_markup
from ..render.messages import load_messages
from ..render.navigation import Downloads
from ..render.theme import Theme
from ..support.deadline import deadline
from .options import BuildResult, Options, Output, Outputs
from .parts import (
    attached_names,
    build_time,
    chart_theme,
    check_destination,
    data_files,
    data_links,
    intermediate_html,
    pdf_attachments,
    print_job,
    theme_for,
    with_paper,
)

if TYPE_CHECKING:
    from ..printing.worker import PrintWorker

Report = Callable[[str, float], None]
# Called with the web edition as soon as it is rendered, while the printer may still be laying out.
WebReady = Callable[[Brief, dict[str, bytes]], None]
BEFORE_LAYOUT_FLOOR = 30.0  # seconds
PLACEHOLDER_SVG = "<svg xmlns='http://www.w3.org/2000/svg'/>"


class _Clock:
    def __init__(self, report: Report | None) -> None:
        self.timings: dict[str, float] = {}
        self.report, self.last = report, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self.last
        self.last = now
        if self.report:
            self.report(stage, self.timings[stage])


@dataclass
class _Run:
    """What the stages have made so far."""

    options: Options
    outputs: Outputs
    clock: _Clock
    brief: Brief = field(init=False)
    theme: Theme = field(init=False)
    figures: dict[str, str] = field(default_factory=dict)
    charts: ChartRenderer | None = None
    data: dict[str, bytes] = field(default_factory=dict)  # each table's CSV, by table id
    print_html: str = ""
    web_text: str = ""  # the web edition as rendered, checked even when it is not an output
    web_html: bytes | None = None
    printed: PrintedPDF | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    citations: Citations | None = None  # formatted once, for both editions
    languages: tuple[tuple[str, str, str], ...] = ()  # the brief's other editions, as its web edition links them


def run(options: Options, outputs: Outputs, printer: PrintWorker | None = None, report: Report | None = None,
        on_web: WebReady | None = None) -> BuildResult:
    """Run every stage on the brief in ``options.content``, making the ``outputs`` asked for.

    ``printer`` lays out the PDF (required when ``outputs.pdf``); ``report`` hears each stage's time;
    ``on_web`` gets the web edition before the PDF is ready. Problems raise BriefError, writing nothing.
    A whole build or a check makes every edition, the original's and each translation's (or only
    ``options.language``'s), and publishes them together, under one manifest.
    """
    if outputs.publish:
        check_destination(options)
    editions = _editions(options, outputs)
    validated = _Validated(options, editions)
    states = [_edition(options, outputs, printer, report, on_web, language, validated) for language in editions]
    if outputs.publish:
        _publish(states)
    for state in states:
        if state.printed is not None:
            write_plan(options.plans, state.brief.stem, state.printed.plan)
    return _result(states)


def _editions(options: Options, outputs: Outputs) -> list[str | None]:
    """The languages to build: None for the original; every translation too for a whole build or a check."""
    if options.language is not None:
        return [options.language]
    return [None, *translations(options.content)] if (outputs.pdf and outputs.publish) or outputs.verify else [None]


class _Validated:
    """Every edition validated at once, when the first is loaded: all their problems are reported
    together, before any of them is laid out."""

    def __init__(self, options: Options, editions: list[str | None]) -> None:
        self.options, self.editions = options, editions
        self.briefs: dict[str | None, Brief] = {}

    def brief(self, language: str | None) -> Brief:
        if not self.briefs:
            problems = []
            for edition in self.editions:
                try:
                    self.briefs[edition] = validate(self.options.content, self.options.theme, edition)
                except BriefError as error:
                    problems += error.problems
            if problems:
                raise ContentError(problems)
        return self.briefs[language]


def _edition(options: Options, outputs: Outputs, printer: PrintWorker | None, report: Report | None,
             on_web: WebReady | None, language: str | None, validated: _Validated) -> _Run:
    state = _Run(options, outputs, _Clock(report))
    with _time_bound(state):
        _load(state, validated.brief(language))
        state.languages = _other_editions(state.brief, translations(options.content))
        _charts(state)
        job = _templates(state)
        if outputs.pdf:
            assert printer is not None and job is not None, "a PDF needs a printer"
            printer.submit(job)  # the web edition is rendered while the printer lays out the print edition
        _web(state)
        _check_published_text(state)
    if on_web is not None and state.web_html is not None:
        on_web(state.brief, {f"{state.brief.stem}.html": state.web_html, **_data_files(state)})
    if outputs.pdf:
        assert printer is not None
        state.printed = printer.result()
        state.clock.lap("layout and PDF")
    state.files = _files(state)
    return state


def _other_editions(brief: Brief, languages: list[str]) -> tuple[tuple[str, str, str], ...]:
    """The brief's editions besides this one (the original, its translations), each named in its own
    language, as the web edition links them."""
    from babel import Locale

    stems = {brief.original_language: brief.meta.slug, **{tag: f"{brief.meta.slug}.{tag}" for tag in languages}}
    return tuple((tag, Locale.parse(tag, sep="-").get_display_name(tag) or tag, f"{stem}.html")
                 for tag, stem in stems.items() if tag != brief.meta.language)


@contextmanager
def _time_bound(state: _Run) -> Iterator[None]:
    """The stages the build runs itself (validation, templates, the web edition) are bounded by the time
    limit too, as the printer and the chart renderer are (but never less than ``BEFORE_LAYOUT_FLOOR``: a
    limit set tight for the layout must not cut validation short)."""
    seconds = max(state.options.limits.seconds, BEFORE_LAYOUT_FLOOR)

    def expired() -> RenderError:
        done = ", ".join(state.clock.timings) or "nothing yet"
        return RenderError.at(Location.of(state.options.content / "brief.yaml"),
                              f"the build exceeded the time limit of {seconds:g} s before the layout (done: {done})")

    with deadline(seconds, expired):
        yield


def _load(state: _Run, brief: Brief) -> None:
    state.brief = with_paper(brief, state.options.paper)
    build_time(state.brief.meta.date)  # a malformed SOURCE_DATE_EPOCH is a problem for every command
    state.clock.lap("load and validate")
    state.theme = theme_for(state.options, state.brief)
    state.data = data_files(state.brief)


def _charts(state: _Run) -> None:
    if not state.outputs.charts:
        state.figures = dict.fromkeys([*state.brief.figures, TIMELINE], PLACEHOLDER_SVG)
        return
    limits = state.options.limits
    state.charts = ChartRenderer(state.theme.styles_dir / "fonts", state.options.cache, limits.seconds,
                                 limits.memory_mib)
    state.figures = render_charts(state.brief, chart_theme(state.theme), state.charts,
                                  load_messages(state.brief, state.theme.template_dirs))
    if state.options.print_ready:  # the press's colours in print; the web edition keeps the screen's
        drawn = [key for key in (*state.brief.figures, TIMELINE) if key in state.figures]
        state.figures |= {print_key(key): cmyk_colours(state.figures[key]) for key in drawn
                          if print_key(key) not in state.figures}
    state.clock.lap("charts")


def _pandoc_cache(state: _Run) -> Path | None:
    """Formatted citations are kept beside the charts (and, like them, not with --no-cache)."""
    return state.options.cache.parent / "citations" if state.options.cache is not None else None


def _citations(state: _Run) -> Citations:
    if state.citations is None:
        state.citations = format_citations(state.brief, _pandoc_cache(state))
    return state.citations


def _templates(state: _Run) -> PrintJob | None:
    """The print edition's HTML and the job that prints it, every reference it makes checked."""
    options, brief, outputs = state.options, state.brief, state.outputs
    if not outputs.print_edition:
        return None
    attachments = pdf_attachments(brief, state.data, options.pdf_variant, state.theme.template_dirs)
    state.print_html = render_html(brief, "print", state.figures, state.theme, attached_names(attachments),
                                   _citations(state))
    if outputs.pdf:
        state.clock.lap("templates")
    job = print_job(options, brief, state.theme, state.print_html, attachments,
                    keep_html=options.keep_intermediate and outputs.publish, for_print=outputs.pdf)
    if (problems := check_references(job)):
        raise RenderError(problems)
    return job


def _web(state: _Run) -> None:
    if not state.outputs.web_edition:
        return
    slug = state.brief.stem
    downloads = Downloads(pdf=f"{slug}.pdf", docx=f"{slug}.docx" if state.options.docx else None,
                          data=f"{slug}-data/{PACKAGE_FILE}" if state.data else None, languages=state.languages)
    html = state.web_text = render_html(state.brief, "web", state.figures, state.theme, data_links(slug, state.data),
                                        _citations(state), downloads, state.options.site, page_fonts=state.outputs.web)
    if not state.outputs.web:
        return  # a check renders it only to find its problems (its fonts left out)
    state.web_html = html.encode("utf-8")
    state.clock.lap("web edition")


def _check_published_text(state: _Run) -> None:
    """No markup reaches a reader as text; what does is located where the brief writes it."""
    editions = {"print": state.print_html, "web": state.web_text}
    problems = [Problem(find_written(piece, state.options.content) or Location.of(state.options.content / "brief.yaml"),
                        f"'{piece}' would be published as text in the {edition} edition: it is markup that did "
                        "not resolve")
                for edition, html in editions.items() for piece in leftover_markup(html)]
    if problems:
        raise RenderError(problems)


def _data_files(state: _Run) -> dict[str, bytes]:
    """The tables' CSV files and the data package describing them, in the folder beside the web edition."""
    folder = f"{state.brief.stem}-data"
    files = {f"{folder}/{key}.csv": csv for key, csv in state.data.items()}
    return {**files, f"{folder}/{PACKAGE_FILE}": data_package(state.brief)} if files else files


def _files(state: _Run) -> dict[str, bytes]:
    """Every output made, by its path below ``out``, in the order the manifest lists them."""
    slug, files = state.brief.stem, {}
    if state.printed is not None:
        files[f"{slug}.pdf"] = state.printed.data
    if state.web_html is not None:
        files[f"{slug}.html"] = state.web_html
        files.update(_data_files(state))
        files.update(citation_files(state.brief, _pandoc_cache(state)))
        if state.printed is not None and state.brief.meta.url:  # the cards name it by its address
            files[social_image_name(state.brief)] = social_image(state.printed.data)
        if state.options.docx:
            accent = brand_colours(state.theme)["--accent"]
            files[f"{slug}.docx"] = word_edition(state.brief, _citations(state), state.figures, accent)
        if state.options.email and state.printed is not None:
            html = email_html(state.brief, state.theme, _citations(state))
            files[f"{slug}.eml"] = email_message(state.brief, html, state.printed.data, build_time(state.brief.meta.date))
    return files


def _entries(state: _Run) -> list[manifest.Entry]:
    printed, slug = state.printed, state.brief.stem
    return [manifest.Entry.of(name, data, *((printed.pages, printed.variant) if printed and name == f"{slug}.pdf"
                                            else ()))
            for name, data in state.files.items()]


def _publish(states: list[_Run]) -> None:
    """Every edition's files written at once, listed by one manifest (the original's facts)."""
    first = states[0]
    options, brief = first.options, first.brief
    files = {name: data for state in states for name, data in state.files.items()}
    if first.outputs.pdf:  # a whole build is listed; a web-only refresh leaves the manifest as it was
        copies = manifest.carried_copies(manifest.read(options.out), options.out, files)
        listing = manifest.Manifest(manifest.brief_facts(brief.meta), manifest.build_time_text(
            build_time(brief.meta.date)), [entry for state in states for entry in _entries(state)] + copies)
        files[manifest.NAME] = listing.to_bytes()
    for state in states:
        if options.keep_intermediate and state.printed is not None:
            files[f"{state.brief.stem}.print.html"] = intermediate_html(state.printed.html or state.print_html,
                                                                        state.theme)
    publish(options.out, files, keep=[options.content, *options.templates, *options.styles])
    states[-1].clock.lap("publish")
    if manifest.NAME in files:
        first.files[manifest.NAME] = files[manifest.NAME]


def _result(states: list[_Run]) -> BuildResult:
    """The original's result, with every edition's outputs, files and times (a translation's stages by
    their names and language: 'layout and PDF (ar)')."""
    first, out = states[0], states[0].options.out
    result = BuildResult(first.brief, timings=dict(first.clock.timings), files=dict(first.files),
                         editions={state.brief.translation: state.brief for state in states[1:]
                                   if state.brief.translation})
    for state in states:
        printed = state.printed
        if state is not first:
            result.files.update(state.files)
            result.timings.update({f"{stage} ({state.brief.translation})": seconds
                                   for stage, seconds in state.clock.timings.items()})
        if state.charts is not None:
            result.charts_rendered += state.charts.rendered
            result.charts_from_cache += state.charts.from_cache
        if printed is not None:
            result.printer = result.printer or printed.timings
            result.served = (*result.served, *printed.served)
            result.warnings = (*result.warnings, *printed.warnings)
            result.outputs += [Output(out / entry.path, entry.size, entry.pages, entry.variant)
                               for entry in _entries(state)]
        elif state.web_html is not None:
            result.outputs.append(Output(out / f"{state.brief.stem}.html", len(state.web_html), None))
    return result
